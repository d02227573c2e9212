import BrushfireSinks

/// Everything `brushfire run` needs, read in layers through swift-configuration (``SettingsLayers``):
/// command-line flags over `BRUSHFIRE_*` environment variables over the YAML file over these defaults.
public struct DaemonConfiguration: Sendable, Equatable {
    /// `bootstrap.servers`; `nil` with ``embeddedKafka`` means the embedded cluster's address.
    public var brokers: String?
    /// Topics carrying events (contract v1 JSON, one event per message).
    public var topics: [String] = ["brushfire.events"]
    /// The consumer group; daemons in one group split the partitions.
    public var group: String = "brushfire"
    /// Where alerts are produced (key = subject id); `nil` for none.
    public var alertsTopic: String? = "brushfire.alerts"
    /// Where invalid, late and too-far-ahead events are copied with their reasons; `nil` to drop them (logged).
    public var deadLetterTopic: String? = "brushfire.dead-letter"
    /// A JSON-lines file that alerts are appended to.
    public var alertsFile: String?
    /// Whether alerts are also written to standard output, one JSON line each.
    public var alertsToStdout = false
    /// A rules YAML file; the built-in defaults when `nil`.
    public var rulesFile: String?
    /// Shadow rules (`shadow_rules:`), evaluated beside the live ones on the same events; none when `nil`.
    public var shadowRulesFile: String?
    /// Where shadow alerts are appended as JSON lines (`alerts.shadow_file`).
    public var shadowAlertsFile: String?
    /// Where shadow alerts are produced (`alerts.shadow_topic`).
    public var shadowAlertsTopic: String?
    /// librdkafka properties for every client (`security.protocol`, `sasl.*`, `ssl.*`, ...).
    public var kafkaProperties: [String: String] = [:]
    /// librdkafka properties for the consumer only, laid over ``kafkaProperties``.
    public var consumerProperties: [String: String] = [:]
    /// librdkafka properties for the producer only, laid over ``kafkaProperties``.
    public var producerProperties: [String: String] = [:]
    /// Start librdkafka's mock cluster on 127.0.0.1 and use it.
    public var embeddedKafka = false
    /// Partitions of each topic the embedded cluster creates.
    public var embeddedPartitions = 8
    /// A caught-up partition with no message for this long stops holding event time back.
    public var idleAfter: Swift.Duration = .seconds(2)
    /// Most messages taken from Kafka in one poll.
    public var maxBatch = 10_000
    /// Longest graceful shutdown before the daemon gives up and exits.
    public var shutdownTimeout: Swift.Duration = .seconds(30)
    /// How long a subscribed topic may be missing from the cluster before the daemon stops with an error.
    public var missingTopicGrace: Swift.Duration = .seconds(60)
    /// How often throughput is logged; zero for never.
    public var statsInterval: Swift.Duration = .seconds(10)
    /// Longer messages are dead-lettered as `too_long`.
    public var maxEventBytes = 1 << 20
    /// The admin HTTP server (metrics, probes, query API, live page); none when `nil`.
    public var admin: AdminConfiguration?

    /// State checkpoints (`--state DIR`); none when `nil`.
    public var state: StateConfiguration?
    /// Webhook endpoints from the file's `webhooks:` section (the `--webhook` flag adds one more).
    public var webhookEndpoints: [WebhookEndpoint] = []
    /// Where the webhook outbox lives, when the file says.
    public var webhookOutbox: String?

    public init() {}

    /// librdkafka properties for the consumer. The assignment strategy defaults to `cooperative-sticky`, so a
    /// rebalance moves only the partitions that change hands and the others keep their in-flight events, and
    /// `fetch.wait.max.ms` to 20.
    public var consumerKafkaProperties: [String: String] {
        var properties = kafkaProperties.merging(consumerProperties) { _, new in new }
        if properties["partition.assignment.strategy"] == nil {
            properties["partition.assignment.strategy"] = "cooperative-sticky"
        }
        // librdkafka's 500 ms default adds up to half a second of delay against brokers that hold a fetch for
        // its full wait (the embedded mock does); a short wait costs a few more fetch requests when idle.
        if properties["fetch.wait.max.ms"] == nil { properties["fetch.wait.max.ms"] = "20" }
        if let brokers { properties["bootstrap.servers"] = brokers }
        properties["group.id"] = group
        return properties
    }

    /// librdkafka properties for the producer of alerts and dead letters.
    public var producerKafkaProperties: [String: String] {
        var properties = kafkaProperties.merging(producerProperties) { _, new in new }
        if let brokers { properties["bootstrap.servers"] = brokers }
        return properties
    }

    /// Checks settings that no single layer can check alone.
    public func validate() throws(ConfigurationError) {
        if brokers == nil && !embeddedKafka && kafkaProperties["bootstrap.servers"] == nil {
            throw ConfigurationError(
                "no Kafka brokers: set kafka.brokers, BRUSHFIRE_BROKERS, --brokers or --embedded-kafka")
        }
        if topics.isEmpty { throw ConfigurationError("no input topics: set kafka.topics or --topic") }
        if group.isEmpty { throw ConfigurationError("the consumer group must not be empty") }
        if let alertsTopic, topics.contains(alertsTopic) {
            throw ConfigurationError("the alerts topic '\(alertsTopic)' is also an input topic")
        }
        if let deadLetterTopic, topics.contains(deadLetterTopic) {
            throw ConfigurationError("the dead-letter topic '\(deadLetterTopic)' is also an input topic")
        }
        if shadowRulesFile != nil && shadowAlertsFile == nil && shadowAlertsTopic == nil {
            throw ConfigurationError(
                "shadow_rules needs a sink of its own: set alerts.shadow_file, alerts.shadow_topic, --shadow-alerts "
                    + "or --shadow-alerts-topic (shadow alerts never go to the live sinks)")
        }
        if let shadowAlertsTopic,
            topics.contains(shadowAlertsTopic) || shadowAlertsTopic == alertsTopic
                || shadowAlertsTopic == deadLetterTopic
        {
            throw ConfigurationError(
                "the shadow alerts topic '\(shadowAlertsTopic)' must differ from the input, alerts and dead-letter topics"
            )
        }
        if let shadowAlertsFile, shadowAlertsFile == alertsFile || shadowAlertsFile == "-" && alertsToStdout {
            throw ConfigurationError("the shadow alerts file '\(shadowAlertsFile)' must differ from the alerts file")
        }
        if maxBatch < 1 { throw ConfigurationError("daemon.max_batch must be at least 1") }
        if embeddedPartitions < 1 { throw ConfigurationError("kafka.embedded_partitions must be at least 1") }
        try admin?.validate()
    }
}
