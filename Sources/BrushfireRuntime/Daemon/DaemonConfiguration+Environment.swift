extension DaemonConfiguration {
    /// Lays `BRUSHFIRE_*` environment variables over these settings:
    /// `BRUSHFIRE_BROKERS`, `BRUSHFIRE_TOPICS` (comma-separated), `BRUSHFIRE_GROUP`, `BRUSHFIRE_ALERTS_TOPIC`,
    /// `BRUSHFIRE_DEAD_LETTER_TOPIC`, `BRUSHFIRE_ALERTS_FILE`, `BRUSHFIRE_RULES`, `BRUSHFIRE_SHADOW_RULES`,
    /// `BRUSHFIRE_SHADOW_ALERTS_FILE`, `BRUSHFIRE_SHADOW_ALERTS_TOPIC`, `BRUSHFIRE_ADMIN`,
    /// `BRUSHFIRE_ADMIN_TOKEN`, and
    /// `BRUSHFIRE_KAFKA_<PROPERTY>` for any librdkafka property (`BRUSHFIRE_KAFKA_SASL_PASSWORD` → `sasl.password`).
    public mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("BRUSHFIRE_") {
            switch name {
            case "BRUSHFIRE_BROKERS": brokers = value
            case "BRUSHFIRE_TOPICS":
                topics = value.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                if topics.isEmpty { throw ConfigurationError("no topic named", at: name) }
            case "BRUSHFIRE_GROUP": group = value
            case "BRUSHFIRE_ALERTS_TOPIC": alertsTopic = value.isEmpty ? nil : value
            case "BRUSHFIRE_DEAD_LETTER_TOPIC": deadLetterTopic = value.isEmpty ? nil : value
            case "BRUSHFIRE_ALERTS_FILE": alertsFile = value.isEmpty ? nil : value
            case "BRUSHFIRE_RULES": rulesFile = value.isEmpty ? nil : value
            case "BRUSHFIRE_SHADOW_RULES": shadowRulesFile = value.isEmpty ? nil : value
            case "BRUSHFIRE_SHADOW_ALERTS_FILE": shadowAlertsFile = value.isEmpty ? nil : value
            case "BRUSHFIRE_SHADOW_ALERTS_TOPIC": shadowAlertsTopic = value.isEmpty ? nil : value
            case "BRUSHFIRE_ADMIN", "BRUSHFIRE_ADMIN_TOKEN": _ = try applyAdmin(environment: name, value)
            case "BRUSHFIRE_STATE", "BRUSHFIRE_STATE_INSTANCE": _ = applyState(environment: name, value)
            case _ where name.hasPrefix("BRUSHFIRE_KAFKA_"):
                let property = name.dropFirst("BRUSHFIRE_KAFKA_".count).lowercased().replacing("_", with: ".")
                guard !property.isEmpty else { throw ConfigurationError("no property named", at: name) }
                kafkaProperties[property] = value
            default:
                break
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
