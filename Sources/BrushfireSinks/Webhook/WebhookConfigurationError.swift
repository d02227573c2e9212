/// A webhook setting that cannot be used, naming the setting and what was expected.
///
/// Messages never repeat a secret's value.
public struct WebhookConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting at fault, e.g. `webhook-secret` or `endpoints[2].url`.
    public var field: String
    /// What is wrong and what was expected.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
