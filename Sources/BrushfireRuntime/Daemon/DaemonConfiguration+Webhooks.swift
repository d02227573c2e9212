import BrushfireCore
import BrushfireSinks

extension DaemonConfiguration {
    /// `webhooks: {outbox, endpoints: [{name, url, secret | secrets, rules, min_severity, retry_schedule,
    /// recovery_window, probe_interval}]}`; secrets are read as secrets.
    mutating func applyWebhooks(_ layers: SettingsLayers) throws(ConfigurationError) {
        if let outbox = try layers.text("webhooks.outbox") { webhookOutbox = outbox.value }
        let list: SettingKey = "webhooks.endpoints"
        let indices = layers.names(under: list)
        guard !indices.isEmpty else { return }
        var endpoints: [WebhookEndpoint] = []
        for index in indices { endpoints.append(try Self.endpoint(list.appending(index), layers)) }
        webhookEndpoints = endpoints
    }

    private static func endpoint(_ field: SettingKey, _ layers: SettingsLayers) throws(ConfigurationError)
        -> WebhookEndpoint
    {
        let place = layers.origin(of: field)
        var secrets: [String] = []
        if let list = try layers.texts(field.appending("secrets"), secret: true) {
            secrets = list.value
        } else if let one = try layers.text(field.appending("secret"), secret: true) {
            secrets = [one.value]
        }
        var minimum = Severity.info
        if let text = try layers.text(field.appending("min_severity")) {
            guard let severity = Severity(name: text.value) else {
                throw text.error("\(text.key): '\(text.value)' is not one of info, low, medium, high, critical")
            }
            minimum = severity
        }
        var schedule: WebhookRetrySchedule?
        if let tokens = try layers.texts(field.appending("retry_schedule")) {
            do {
                var parsed = WebhookRetrySchedule.standard
                parsed.delays = try WebhookRetrySchedule.parseDelays(
                    tokens.value.flatMap { $0.split(separator: ",").map(String.init) }, field: "\(tokens.key)")
                schedule = parsed
            } catch {
                throw tokens.error("\(error)")
            }
        }
        for key in ["recovery_window", "probe_interval"] {
            guard let text = try layers.text(field.appending(key)) else { continue }
            guard let duration = WebhookRetrySchedule.parseDuration(text.value),
                duration > .zero || key == "recovery_window"
            else {
                throw text.error(
                    "\(text.key): '\(text.value)' is not a duration such as 30m, 12h or 3d (at most 3660d)")
            }
            var parsed = schedule ?? .standard
            if key == "recovery_window" {
                parsed.recoveryWindow = duration
            } else {
                parsed.probeInterval = duration
            }
            schedule = parsed
        }
        guard let name = try layers.text(field.appending("name")), let url = try layers.text(field.appending("url"))
        else {
            throw ConfigurationError("\(field) needs a name and a url", at: place)
        }
        do {
            var parsed: [WebhookSecret] = []
            for (index, secret) in secrets.enumerated() {
                parsed.append(try WebhookSecret(secret, field: "\(field).secrets[\(index)]"))
            }
            let rules = try layers.texts(field.appending("rules")).map { Set($0.value) }
            return try WebhookEndpoint(
                name: name.value, url: url.value, secrets: parsed,
                filter: WebhookFilter(rules: rules, minimumSeverity: minimum), schedule: schedule,
                field: "\(field)")
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("\(error)", at: place)
        }
    }
}
