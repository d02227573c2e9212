import Foundation

/// One receiver of alerts: where to POST, how to sign, and which alerts it wants.
///
/// Its identity in the outbox is the name and the URL: what was delivered to one URL is not taken as delivered
/// to another, so a new receiver gets every alert. The name keys the queue across restarts: when the URL of a
/// name changes, what was still to be delivered moves to the new URL. Secrets may change freely.
public struct WebhookEndpoint: Sendable, Equatable {
    public let name: String
    public let url: String
    /// Every secret signs each request; the first is the current one, later ones are kept while rotating.
    public let secrets: [WebhookSecret]
    public let filter: WebhookFilter
    /// The endpoint's own retry schedule and recovery window; the dispatcher's default when `nil`.
    public let schedule: WebhookRetrySchedule?

    /// The name given to the endpoint that `--webhook URL --webhook-secret SECRET` adds.
    public static let commandLineName = "default"

    public init(
        name: String, url: String, secrets: [WebhookSecret], filter: WebhookFilter = .all,
        schedule: WebhookRetrySchedule? = nil, field: String = "webhook"
    ) throws(WebhookConfigurationError) {
        try Self.validate(name: name, field: field + ".name")
        try Self.validate(url: url, field: field + ".url")
        guard !secrets.isEmpty else {
            throw WebhookConfigurationError(field: field + ".secret", reason: "at least one whsec_ secret is required")
        }
        self.name = name
        self.url = url
        self.secrets = secrets
        self.filter = filter
        self.schedule = schedule
    }

    /// An endpoint with one secret in `whsec_` form.
    public init(name: String, url: String, secret: String, filter: WebhookFilter = .all)
        throws(WebhookConfigurationError)
    {
        try self.init(
            name: name, url: url, secrets: [try WebhookSecret(secret, field: "webhook.secret")], filter: filter)
    }

    /// The endpoint given by `--webhook URL --webhook-secret SECRET` on `run` and `replay`, or `nil` when neither
    /// flag is given; one without the other is an error.
    public static func fromCommandLine(
        url: String?, secret: String?, name: String = commandLineName
    ) throws(WebhookConfigurationError) -> WebhookEndpoint? {
        switch (url, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw WebhookConfigurationError(field: "--webhook-secret", reason: "required with --webhook")
        case (nil, .some):
            throw WebhookConfigurationError(field: "--webhook", reason: "required with --webhook-secret")
        case (.some(let url), .some(let secret)):
            try validate(name: name, field: "--name")
            try validate(url: url, field: "--webhook")
            return try WebhookEndpoint(
                name: name, url: url, secrets: [try WebhookSecret(secret, field: "--webhook-secret")])
        }
    }

    static func validate(name: String, field: String) throws(WebhookConfigurationError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw WebhookConfigurationError(
                field: field, reason: "'\(name)' must be 1 to 64 letters, digits, '.', '_' or '-'")
        }
    }

    static func validate(url: String, field: String) throws(WebhookConfigurationError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else {
            throw WebhookConfigurationError(field: field, reason: "'\(url)' is not an http:// or https:// URL")
        }
    }
}
