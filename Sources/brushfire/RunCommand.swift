import ArgumentParser
import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSinks
import Foundation
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: consume events from Kafka, raise alerts, dead-letter invalid events.",
        discussion: """
            Settings come in layers, read through swift-configuration: these flags over BRUSHFIRE_* environment \
            variables over the YAML file (--config) over the defaults; a bad value is reported with the flag, the \
            variable or the file's line and column that gave it. SIGTERM or SIGINT stops fetching, finishes \
            in-flight events, flushes the sinks, commits and exits 0. With --embedded-kafka the daemon starts librdkafka's mock cluster on 127.0.0.1 and prints its \
            address; kcat and `brushfire produce` can use it. A fatal Kafka error (failed authentication, missing \
            authorization, a topic missing for longer than --missing-topic-grace-ms, librdkafka's fatal error) \
            stops the daemon the same way and exits with status 3.
            """
    )

    @Option(help: "Configuration file (YAML); see `brushfire config check`.")
    var config: String?

    @Option(help: "Kafka bootstrap servers, host:port[,host:port].")
    var brokers: String?

    @Option(name: .customLong("topic"), help: "Input topic (repeat for several).")
    var topics: [String] = []

    @Option(help: "Consumer group.")
    var group: String?

    @Option(name: .customLong("alerts-topic"), help: "Topic for alerts (empty string for none).")
    var alertsTopic: String?

    @Option(name: .customLong("dead-letter-topic"), help: "Topic for invalid and late events (empty for none).")
    var deadLetterTopic: String?

    @Option(name: .customLong("alerts"), help: "Also append alerts as JSON lines to this file ('-' for stdout).")
    var alertsFile: String?

    @Flag(name: .customLong("stdout"), help: "Also write alerts to stdout as JSON lines.")
    var alertsToStdout = false

    @Option(help: "Rules file (YAML). Built-in defaults otherwise. SIGHUP or POST /v1/rules/reload re-reads it.")
    var rules: String?

    @Option(
        name: .customLong("shadow-rules"),
        help:
            "Shadow rules file (YAML), evaluated beside the live rules; needs --shadow-alerts or --shadow-alerts-topic."
    )
    var shadowRules: String?

    @Option(name: .customLong("shadow-alerts"), help: "Append the shadow rules' alerts to this file (JSON lines).")
    var shadowAlertsFile: String?

    @Option(name: .customLong("shadow-alerts-topic"), help: "Produce the shadow rules' alerts to this topic.")
    var shadowAlertsTopic: String?

    @Flag(name: .customLong("embedded-kafka"), help: "Start an embedded Kafka (librdkafka mock cluster) and use it.")
    var embeddedKafka = false

    @Option(name: .customLong("embedded-partitions"), help: "Partitions per topic of the embedded Kafka.")
    var embeddedPartitions: Int?

    @Option(
        name: .customLong("idle-after-ms"),
        help: "A caught-up partition with no message for this long stops holding event time back.")
    var idleAfterMillis: Int?

    @Option(
        name: .customLong("missing-topic-grace-ms"),
        help: "How long an input topic may be missing from the cluster before the daemon stops (default 60000).")
    var missingTopicGraceMillis: Int?

    @Option(name: .customLong("stats-interval-ms"), help: "Log throughput this often (0: never).")
    var statsIntervalMillis: Int?

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("librdkafka property for every client, NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var properties: [String] = []

    @Option(
        name: .customLong("admin"),
        help: ArgumentHelp(
            "Serve metrics, probes, the query API and the live page on HOST:PORT (':PORT' binds 127.0.0.1).",
            valueName: "HOST:PORT"))
    var adminAddress: String?

    @Option(
        name: .customLong("admin-token"),
        help: "Require 'Authorization: Bearer TOKEN' on /metrics and /v1/* (BRUSHFIRE_ADMIN_TOKEN keeps it out of ps).")
    var adminToken: String?

    @Flag(
        name: .customLong("admin-allow-anonymous"),
        help: "Allow --admin beyond loopback without a token (a firewall or proxy decides who reaches the port).")
    var adminAllowAnonymous = false

    @Option(
        help: ArgumentHelp(
            "Checkpoint the detection state here (restored at start and when a partition is assigned).",
            valueName: "DIR"))
    var state: String?

    @Option(
        name: .customLong("state-instance"),
        help: "This instance's name in a state directory shared with other instances.")
    var stateInstance: String?

    @Option(name: .customLong("checkpoint-interval-ms"), help: "How often the state is checkpointed.")
    var checkpointIntervalMillis: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup var key: FingerprintKeyOptions

    @OptionGroup var webhooks: WebhooksCommand.SinkOptions

    func run() async throws {
        let logger = try Self.bootstrapLogging(level: logLevel, label: "brushfire.daemon")
        let metricsRegistry = PrometheusBootstrap.bootstrap()
        let settings = try resolvedConfiguration(environment: ProcessInfo.processInfo.environment)
        var sinks: [any AlertSink] = []
        if let path = settings.alertsFile { sinks.append(try FileAlertSink(path: path)) }
        if settings.alertsToStdout && settings.alertsFile != "-" { sinks.append(FileAlertSink.stdout()) }
        let webhookSink = try webhooks.makeSink(
            extra: settings.webhookEndpoints, outbox: settings.webhookOutbox, logger: logger)
        if let webhookSink { sinks.append(webhookSink) }
        let daemon: BrushfireDaemon
        do {
            daemon = try BrushfireDaemon(
                configuration: settings, fingerprinter: try key.fingerprinter(), sinks: sinks,
                services: webhookSink.map { [$0.dispatcher] } ?? [], logger: logger, metricsRegistry: metricsRegistry)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        if let embedded = daemon.embedded {
            Stderr.line(
                "embedded Kafka at \(embedded.bootstrapServers) (topics: "
                    + "\((settings.topics + [settings.alertsTopic, settings.deadLetterTopic].compactMap { $0 }).joined(separator: ", ")))"
            )
        }
        logger.info(
            "Daemon starting",
            metadata: [
                "brokers": "\(daemon.brokers)", "topics": "\(settings.topics.joined(separator: ","))",
                "group": "\(settings.group)", "alerts_topic": "\(settings.alertsTopic ?? "-")",
                "dead_letter_topic": "\(settings.deadLetterTopic ?? "-")",
            ])
        do {
            try await daemon.run()
        } catch let error as KafkaClientError {
            Stderr.line("brushfire run: stopped by a \(error)")
            throw ExitCode(3)
        }
    }

    /// Defaults, then the file, then the environment, then these flags, read through one `ConfigReader`.
    func resolvedConfiguration(environment: [String: String]) throws -> DaemonConfiguration {
        var flags = CommandLineSettings()
        flags.set("kafka.brokers", brokers, flag: "--brokers")
        flags.set("kafka.topics", topics, flag: "--topic")
        flags.set("kafka.group", group, flag: "--group")
        flags.set("kafka.alerts_topic", alertsTopic, flag: "--alerts-topic")
        flags.set("kafka.dead_letter_topic", deadLetterTopic, flag: "--dead-letter-topic")
        flags.set("kafka.embedded", on: embeddedKafka, flag: "--embedded-kafka")
        flags.set("kafka.embedded_partitions", embeddedPartitions, flag: "--embedded-partitions")
        flags.set("kafka.missing_topic_grace_ms", missingTopicGraceMillis, flag: "--missing-topic-grace-ms")
        for property in properties {
            let (name, value) = try Self.splitProperty(property)
            flags.set(SettingKey("kafka.properties").appending(name), value, flag: "--property \(name)")
        }
        flags.set("alerts.file", alertsFile, flag: "--alerts")
        flags.set("alerts.stdout", on: alertsToStdout, flag: "--stdout")
        flags.set("alerts.shadow_file", shadowAlertsFile, flag: "--shadow-alerts")
        flags.set("alerts.shadow_topic", shadowAlertsTopic, flag: "--shadow-alerts-topic")
        flags.set("rules", rules, flag: "--rules")
        flags.set("shadow_rules", shadowRules, flag: "--shadow-rules")
        flags.set("daemon.idle_after_ms", idleAfterMillis, flag: "--idle-after-ms")
        flags.set("daemon.stats_interval_ms", statsIntervalMillis, flag: "--stats-interval-ms")
        flags.set("state.dir", state, flag: "--state")
        flags.set("state.instance", stateInstance, flag: "--state-instance")
        flags.set("state.checkpoint_interval_ms", checkpointIntervalMillis, flag: "--checkpoint-interval-ms")
        flags.set("admin.address", adminAddress, flag: "--admin")
        flags.set("admin.token", adminToken, flag: "--admin-token")
        flags.set("admin.allow_anonymous", on: adminAllowAnonymous, flag: "--admin-allow-anonymous")
        do {
            let file = try config.map { (path: $0, yaml: try readTextFile($0)) }
            let settings = try DaemonConfiguration(
                layers: .daemon(flags: flags, environment: environment, file: file))
            try settings.validate()
            return settings
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// `NAME=VALUE` as a librdkafka property.
    static func splitProperty(_ text: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("'\(text)' is not a Kafka property NAME=VALUE")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// Sends swift-log output to stderr at `level` and returns a logger labelled `label`.
    static func bootstrapLogging(level: String, label: String) throws -> Logger {
        guard let parsed = Logger.Level(rawValue: level) else {
            throw ValidationError("unknown log level '\(level)'")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
        return Logger(label: label)
    }
}
