import BrushfireCore

/// Which alerts an endpoint wants: by rule name and by minimum severity.
public struct WebhookFilter: Sendable, Equatable {
    /// Rule names to deliver; `nil` delivers every rule.
    public var rules: Set<String>?
    public var minimumSeverity: Severity

    public init(rules: Set<String>? = nil, minimumSeverity: Severity = .info) {
        self.rules = rules
        self.minimumSeverity = minimumSeverity
    }

    /// Every alert.
    public static let all = WebhookFilter()

    public func accepts(_ alert: Alert) -> Bool {
        guard alert.severity >= minimumSeverity else { return false }
        guard let rules else { return true }
        return rules.contains(alert.rule)
    }
}
