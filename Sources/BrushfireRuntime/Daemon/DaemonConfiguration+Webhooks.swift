import BrushfireCore
import BrushfireSinks
import Yams

extension DaemonConfiguration {
    /// `webhooks: {outbox, endpoints: [{name, url, secret | secrets, rules, min_severity, retry_schedule,
    /// recovery_window, probe_interval}]}`.
    mutating func applyWebhooks(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        for (key, value) in try reader.mapping(node, "webhooks") {
            switch key {
            case "outbox": webhookOutbox = try reader.string(value, "webhooks.outbox")
            case "endpoints":
                guard case .sequence(let items) = value else {
                    throw ConfigurationError(
                        "webhooks.endpoints must be a list of endpoints", at: reader.location(value))
                }
                var endpoints: [WebhookEndpoint] = []
                for (index, item) in items.enumerated() {
                    endpoints.append(try Self.endpoint(item, field: "webhooks.endpoints[\(index)]", reader))
                }
                webhookEndpoints = endpoints
            default: throw reader.unknown("webhooks.\(key)", value, expected: "outbox, endpoints")
            }
        }
    }

    private static func endpoint(_ node: Node, field: String, _ reader: YAMLReader) throws(ConfigurationError)
        -> WebhookEndpoint
    {
        var name: String?
        var url: String?
        var secrets: [String] = []
        var rules: Set<String>?
        var minimum = Severity.info
        var schedule: WebhookRetrySchedule?
        for (key, value) in try reader.mapping(node, field) {
            switch key {
            case "name": name = try reader.string(value, "\(field).name")
            case "url": url = try reader.string(value, "\(field).url")
            case "secret": secrets = [try reader.string(value, "\(field).secret")]
            case "secrets": secrets = try reader.strings(value, "\(field).secrets")
            case "rules": rules = Set(try reader.strings(value, "\(field).rules"))
            case "min_severity":
                let text = try reader.string(value, "\(field).min_severity")
                guard let severity = Severity(name: text) else {
                    throw ConfigurationError(
                        "\(field).min_severity: '\(text)' is not one of info, low, medium, high, critical",
                        at: reader.location(value))
                }
                minimum = severity
            case "retry_schedule":
                let tokens: [String]
                if case .scalar = value {
                    tokens = try reader.string(value, "\(field).retry_schedule").split(separator: ",").map(String.init)
                } else {
                    tokens = try reader.strings(value, "\(field).retry_schedule")
                }
                do {
                    var parsed = schedule ?? .standard
                    parsed.delays = try WebhookRetrySchedule.parseDelays(tokens, field: "\(field).retry_schedule")
                    schedule = parsed
                } catch {
                    throw ConfigurationError("\(error)", at: reader.location(value))
                }
            case "recovery_window", "probe_interval":
                let text = try reader.string(value, "\(field).\(key)")
                guard let duration = WebhookRetrySchedule.parseDuration(text),
                    duration > .zero || key == "recovery_window"
                else {
                    throw ConfigurationError(
                        "\(field).\(key): '\(text)' is not a duration such as 30m, 12h or 3d (at most 3660d)",
                        at: reader.location(value))
                }
                var parsed = schedule ?? .standard
                if key == "recovery_window" {
                    parsed.recoveryWindow = duration
                } else {
                    parsed.probeInterval = duration
                }
                schedule = parsed
            default:
                throw reader.unknown(
                    "\(field).\(key)", value,
                    expected: "name, url, secret, secrets, rules, min_severity, retry_schedule, recovery_window, "
                        + "probe_interval")
            }
        }
        guard let name, let url else {
            throw ConfigurationError("\(field) needs a name and a url", at: reader.location(node))
        }
        do {
            var parsed: [WebhookSecret] = []
            for (index, secret) in secrets.enumerated() {
                parsed.append(try WebhookSecret(secret, field: "\(field).secrets[\(index)]"))
            }
            return try WebhookEndpoint(
                name: name, url: url, secrets: parsed, filter: WebhookFilter(rules: rules, minimumSeverity: minimum),
                schedule: schedule, field: field)
        } catch {
            throw ConfigurationError("\(error)", at: reader.location(node))
        }
    }
}
