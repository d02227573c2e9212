import Configuration

extension DaemonConfiguration {
    /// The defaults with `layers` laid over them: flags over environment over file.
    public init(layers: SettingsLayers) throws(ConfigurationError) {
        self.init()
        try apply(layers)
    }

    /// Lays the settings of a YAML configuration file over these. Unknown keys and wrong types are errors that
    /// name the file, line and column.
    public mutating func apply(yaml text: String, file: String) throws(ConfigurationError) {
        try apply(SettingsLayers.daemon(file: (path: file, yaml: text)))
    }

    /// Lays `BRUSHFIRE_*` environment variables over these settings (``environmentVariables`` lists them).
    public mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        try apply(SettingsLayers.daemon(environment: environment))
    }

    /// Lays over these settings every one that `layers` give; the others keep their values.
    public mutating func apply(_ layers: SettingsLayers) throws(ConfigurationError) {
        if let value = try layers.text("kafka.brokers") { brokers = value.value }
        if let value = try layers.texts("kafka.topics") {
            guard !value.value.isEmpty else { throw value.error("kafka.topics names no topic") }
            topics = value.value
        }
        if let value = try layers.text("kafka.group") { group = value.value }
        if let value = try layers.optionalText("kafka.alerts_topic") { alertsTopic = value.value }
        if let value = try layers.optionalText("kafka.dead_letter_topic") { deadLetterTopic = value.value }
        if let value = try layers.bool("kafka.embedded") { embeddedKafka = value.value }
        if let value = try layers.int("kafka.embedded_partitions") { embeddedPartitions = value.value }
        if let value = try layers.milliseconds("kafka.missing_topic_grace_ms", min: 0) {
            missingTopicGrace = value.value
        }
        try Self.properties("kafka.properties", layers, into: &kafkaProperties)
        try Self.properties("kafka.consumer", layers, into: &consumerProperties)
        try Self.properties("kafka.producer", layers, into: &producerProperties)

        if let value = try layers.optionalText("alerts.file") { alertsFile = value.value }
        if let value = try layers.bool("alerts.stdout") { alertsToStdout = value.value }
        if let value = try layers.optionalText("alerts.shadow_file") { shadowAlertsFile = value.value }
        if let value = try layers.optionalText("alerts.shadow_topic") { shadowAlertsTopic = value.value }
        if let value = try layers.optionalText("rules") { rulesFile = value.value }
        if let value = try layers.optionalText("shadow_rules") { shadowRulesFile = value.value }

        if let value = try layers.milliseconds("daemon.idle_after_ms", min: 1) { idleAfter = value.value }
        if let value = try layers.int("daemon.max_batch", min: 1) { maxBatch = value.value }
        if let value = try layers.milliseconds("daemon.shutdown_timeout_ms", min: 1) { shutdownTimeout = value.value }
        if let value = try layers.milliseconds("daemon.stats_interval_ms", min: 0) { statsInterval = value.value }
        if let value = try layers.int("daemon.max_event_bytes", min: 1) { maxEventBytes = value.value }

        try applyState(layers)
        try applyAdmin(layers)
        try applyWebhooks(layers)
    }

    /// librdkafka properties from every layer (numbers and booleans in the file are passed as written); those
    /// whose names say they are secret are read as secrets.
    private static func properties(
        _ map: SettingKey, _ layers: SettingsLayers, into properties: inout [String: String]
    ) throws(ConfigurationError) {
        for name in layers.names(under: map) {
            if let value = try layers.text(map.appending(name), secret: isSecretProperty(name)) {
                properties[name] = value.value
            }
        }
    }

    /// Whether a librdkafka property holds a secret (`sasl.password`, `ssl.key.password`, ...): such values are
    /// redacted wherever settings are shown.
    public static func isSecretProperty(_ name: String) -> Bool {
        ["password", "secret", "key"].contains { name.contains($0) }
    }

    /// The environment variables and the settings they stand for; `BRUSHFIRE_KAFKA_<PROPERTY>` sets any
    /// librdkafka property besides.
    public static let environmentVariables: [(variable: String, setting: SettingKey)] = [
        ("BRUSHFIRE_BROKERS", "kafka.brokers"),
        ("BRUSHFIRE_TOPICS", "kafka.topics"),
        ("BRUSHFIRE_GROUP", "kafka.group"),
        ("BRUSHFIRE_ALERTS_TOPIC", "kafka.alerts_topic"),
        ("BRUSHFIRE_DEAD_LETTER_TOPIC", "kafka.dead_letter_topic"),
        ("BRUSHFIRE_ALERTS_FILE", "alerts.file"),
        ("BRUSHFIRE_RULES", "rules"),
        ("BRUSHFIRE_SHADOW_RULES", "shadow_rules"),
        ("BRUSHFIRE_SHADOW_ALERTS_FILE", "alerts.shadow_file"),
        ("BRUSHFIRE_SHADOW_ALERTS_TOPIC", "alerts.shadow_topic"),
        ("BRUSHFIRE_ADMIN", "admin.address"),
        ("BRUSHFIRE_ADMIN_TOKEN", "admin.token"),
        ("BRUSHFIRE_STATE", "state.dir"),
        ("BRUSHFIRE_STATE_INSTANCE", "state.instance"),
    ]

    /// Variables whose values are secret (besides Kafka properties that ``isSecretProperty(_:)`` names), including
    /// those read outside these settings: the `--webhook` endpoint's secret and the fingerprint key.
    static let secretVariables: Set<String> = [
        "BRUSHFIRE_ADMIN_TOKEN", "BRUSHFIRE_WEBHOOK_SECRET", FingerprintKeySource.keyVariable,
    ]

    /// What the configuration file may hold; any other key is an error at its line.
    static let fileSchema: SettingsSchema = .section([
        (
            "kafka",
            .section([
                ("brokers", .value), ("topics", .value), ("group", .value), ("alerts_topic", .value),
                ("dead_letter_topic", .value), ("embedded", .value), ("embedded_partitions", .value),
                ("missing_topic_grace_ms", .value), ("properties", .map), ("consumer", .map), ("producer", .map),
            ])
        ),
        (
            "alerts",
            .section([
                ("file", .value), ("stdout", .value), ("topic", .alias("kafka.alerts_topic")), ("shadow_file", .value),
                ("shadow_topic", .value),
            ])
        ),
        ("rules", .value),
        ("shadow_rules", .value),
        (
            "daemon",
            .section([
                ("idle_after_ms", .value), ("max_batch", .value), ("shutdown_timeout_ms", .value),
                ("stats_interval_ms", .value), ("max_event_bytes", .value),
            ])
        ),
        (
            "state",
            .valueOrSection(
                name: "dir",
                .section(
                    [("dir", .value), ("instance", .value), ("checkpoint_interval_ms", .value)], required: ["dir"]))
        ),
        (
            "admin",
            .section([
                ("address", .value), ("token", .value), ("allow_anonymous", .value), ("max_ready_lag", .value),
                ("publish_interval_ms", .value),
            ])
        ),
        (
            "webhooks",
            .section([
                ("outbox", .value),
                (
                    "endpoints",
                    .list(
                        .section([
                            ("name", .value), ("url", .value), ("secret", .value), ("secrets", .value),
                            ("rules", .value), ("min_severity", .value), ("retry_schedule", .value),
                            ("recovery_window", .value), ("probe_interval", .value),
                        ]), what: "endpoints")
                ),
            ])
        ),
    ])
}

extension SettingsLayers {
    /// The daemon's layers, highest precedence first: command-line flags, `BRUSHFIRE_*` environment variables
    /// (``DaemonConfiguration/environmentVariables``), the YAML file. Any may be left out.
    ///
    /// - Parameter accessReporter: told of every lookup (secrets redacted), e.g. to log where each value came from.
    public static func daemon(
        flags: CommandLineSettings? = nil, environment: [String: String]? = nil,
        file: (path: String, yaml: String)? = nil, accessReporter: (any AccessReporter)? = nil
    ) throws(ConfigurationError) -> SettingsLayers {
        var layers: [any SettingsLayer] = []
        if let flags { layers.append(CommandLineLayer(settings: flags)) }
        if let environment {
            layers.append(
                try EnvironmentSettings(
                    environment: environment,
                    variables: Dictionary(
                        uniqueKeysWithValues: DaemonConfiguration.environmentVariables.map { ($0.setting, $0.variable) }
                    ),
                    secrets: DaemonConfiguration.secretVariables, isSecretProperty: DaemonConfiguration.isSecretProperty
                ))
        }
        if let file {
            layers.append(try SettingsFile(yaml: file.yaml, path: file.path, schema: DaemonConfiguration.fileSchema))
        }
        return SettingsLayers(layers, accessReporter: accessReporter)
    }
}
