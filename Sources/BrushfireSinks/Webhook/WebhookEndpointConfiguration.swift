import BrushfireCore

/// An endpoint as written in a configuration file (YAML or JSON).
///
/// ```yaml
/// - name: soc
///   url: https://hooks.example.com/brushfire
///   secrets: [whsec_…]          # or secret: whsec_…
///   rules: [reverse_brushing]   # optional; every rule when absent
///   min_severity: high          # optional; info when absent
/// ```
public struct WebhookEndpointConfiguration: Sendable, Decodable, Equatable {
    public var name: String
    public var url: String
    public var secret: String?
    public var secrets: [String]?
    public var rules: [String]?
    public var minSeverity: String?

    enum CodingKeys: String, CodingKey {
        case name, url, secret, secrets, rules
        case minSeverity = "min_severity"
    }

    public init(
        name: String, url: String, secret: String? = nil, secrets: [String]? = nil, rules: [String]? = nil,
        minSeverity: String? = nil
    ) {
        self.name = name
        self.url = url
        self.secret = secret
        self.secrets = secrets
        self.rules = rules
        self.minSeverity = minSeverity
    }

    /// The validated endpoint; `field` names this entry in errors, e.g. `webhooks[1]`.
    public func endpoint(field: String) throws(WebhookConfigurationError) -> WebhookEndpoint {
        var texts = secrets ?? []
        if let secret { texts.insert(secret, at: 0) }
        var parsed: [WebhookSecret] = []
        for (index, text) in texts.enumerated() {
            parsed.append(try WebhookSecret(text, field: "\(field).secrets[\(index)]"))
        }
        var minimum = Severity.info
        if let minSeverity {
            guard let severity = Severity(name: minSeverity) else {
                let names = Severity.allCases.map(\.description).joined(separator: ", ")
                throw WebhookConfigurationError(
                    field: field + ".min_severity", reason: "'\(minSeverity)' is not one of \(names)")
            }
            minimum = severity
        }
        let filter = WebhookFilter(rules: rules.map(Set.init), minimumSeverity: minimum)
        return try WebhookEndpoint(name: name, url: url, secrets: parsed, filter: filter, field: field)
    }
}
