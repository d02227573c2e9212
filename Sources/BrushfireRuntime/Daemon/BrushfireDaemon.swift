import BrushfireCore
import BrushfireKafka
import BrushfireSinks
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `brushfire run`: the Kafka consumer pipeline, its producer, its sinks and, when asked, an embedded Kafka
/// cluster, composed as services in one `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT.
public final class BrushfireDaemon: Sendable {
    public let configuration: DaemonConfiguration
    public let statistics: DaemonStatistics
    /// The embedded cluster, when the configuration asked for one.
    public let embedded: EmbeddedKafkaCluster?
    /// The `bootstrap.servers` the daemon uses.
    public let brokers: String
    /// The admin HTTP server, when the configuration asked for one.
    public let admin: AdminServer?
    /// Re-reads the rules files (SIGHUP, `POST /v1/rules/reload`).
    public let reloader: RulesReloader
    private let shadowSink: (any AlertSink)?
    let producer: KafkaProducer?
    private let ingest: KafkaIngestService
    private let sinks: [any AlertSink]
    private let services: [any Service]
    private let logger: Logger

    /// Connects to Kafka (or starts the embedded cluster and creates the topics), and subscribes.
    /// - Parameters:
    ///   - rules: the live rules; when `nil`, the configuration's rules file (or the built-in defaults) is read. The
    ///     shadow rules are always read from the configuration's `shadow_rules` file.
    ///   - sinks: alert sinks besides the alerts topic (file, stdout, webhooks).
    ///   - services: services the sinks need, run in the daemon's group and shut down after the consumer (the
    ///     webhook dispatcher).
    ///   - metricsRegistry: where the daemon's metrics go and what `/metrics` shows; a registry of its own when
    ///     `nil` (the command line passes the one it bootstrapped `MetricsSystem` with, so the webhook
    ///     dispatcher's metrics show too).
    public init(
        configuration: DaemonConfiguration, rules: Rules? = nil, fingerprinter: Fingerprinter = .development,
        sinks: [any AlertSink] = [], services: [any Service] = [],
        logger: Logger = Logger(label: "brushfire.daemon"), metricsRegistry: PrometheusCollectorRegistry? = nil
    ) throws {
        try configuration.validate()
        let live: LoadedRules
        let shadowRules: LoadedRules?
        do {
            live = try rules.map { LoadedRules(rules: $0, version: nil, path: nil) } ?? .load(configuration.rulesFile)
            shadowRules = try configuration.shadowRulesFile.map { try LoadedRules.load($0) }
        } catch let error as RulesFileError {
            throw ConfigurationError(error.description)
        }
        var configuration = configuration
        if configuration.embeddedKafka && configuration.brokers == nil {
            let cluster = try EmbeddedKafkaCluster(logger: logger)
            for topic in configuration.topics + [configuration.deadLetterTopic].compactMap({ $0 }) {
                try cluster.createTopic(topic, partitions: configuration.embeddedPartitions)
            }
            for topic in [configuration.alertsTopic, configuration.shadowAlertsTopic].compactMap({ $0 }) {
                try cluster.createTopic(topic, partitions: configuration.embeddedPartitions)
            }
            configuration.brokers = cluster.bootstrapServers
            embedded = cluster
        } else {
            embedded = nil
        }
        self.configuration = configuration
        self.brokers = configuration.brokers ?? configuration.kafkaProperties["bootstrap.servers"] ?? ""
        self.sinks = sinks
        self.services = services
        self.logger = logger
        let statistics = DaemonStatistics()
        self.statistics = statistics

        let registry = metricsRegistry ?? PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: registry)
        let errors = KafkaErrorReporter(metricsFactory: metricsFactory, logger: logger)
        let producer: KafkaProducer? =
            configuration.alertsTopic != nil || configuration.deadLetterTopic != nil
                || (shadowRules != nil && configuration.shadowAlertsTopic != nil)
            ? try KafkaProducer(
                configuration: KafkaConfiguration(configuration.producerKafkaProperties), logger: logger,
                onError: { errors.report($0) }) : nil
        self.producer = producer
        let reloader = RulesReloader(
            rulesFile: rules == nil ? configuration.rulesFile : nil,
            shadowRulesFile: configuration.shadowRulesFile, running: live.rules, logger: logger,
            metricsFactory: metricsFactory)
        self.reloader = reloader
        // Shadow alerts go to a file or topic of their own, never to the live sinks or webhooks.
        var shadow: (rules: LoadedRules, sink: any AlertSink)?
        if let shadowRules {
            if let path = configuration.shadowAlertsFile {
                shadow = (shadowRules, try FileAlertSink(path: path))
            } else if let topic = configuration.shadowAlertsTopic, let producer {
                shadow = (shadowRules, KafkaAlertSink(producer: producer, topic: topic))
            }
        }
        shadowSink = shadow?.sink
        // With a state directory, the packs of resolved incidents are kept in it, across restarts.
        let evidenceStore = try configuration.state.map { settings in
            try EvidenceStore(path: settings.path + "/evidence")
        }
        let adminState = configuration.admin.map { _ in AdminState(evidenceStore: evidenceStore) }
        admin = configuration.admin.map { settings in
            AdminServer(
                configuration: settings, state: adminState!, registry: registry, reloader: reloader,
                logger: Logger(label: "brushfire.admin"))
        }
        let state = try configuration.state.map { settings in
            DaemonState(
                directory: try StateDirectory(path: settings.path, instance: settings.instance),
                interval: settings.interval, logger: logger)
        }
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(configuration.consumerKafkaProperties), topics: configuration.topics,
            logger: logger, maxBatch: configuration.maxBatch, pollInterval: .milliseconds(10),
            closeTimeout: configuration.shutdownTimeout, missingTopicGrace: configuration.missingTopicGrace,
            startingOffsets: state.map { state in { @Sendable partitions in state.startingOffsets(partitions) } })
        ingest = KafkaIngestService(
            consumer: consumer, rules: live, shadow: shadow, reloader: reloader, fingerprinter: fingerprinter,
            deadLetters: producer,
            deadLetterTopic: configuration.deadLetterTopic,
            alertsTopic: configuration.alertsTopic.flatMap { topic in
                producer.map { KafkaAlertSink(producer: $0, topic: topic) }
            },
            sinks: sinks, idleAfter: configuration.idleAfter, maxEventBytes: configuration.maxEventBytes,
            statistics: statistics, logger: logger, admin: adminState,
            adminPublishInterval: configuration.admin?.publishInterval ?? .milliseconds(250),
            metricsFactory: metricsFactory, state: state, errors: errors)
        errors.attach(consumer)
    }

    /// The daemon's services in a group; the group shuts down gracefully on `signals` and when the ingest service
    /// ends, and is cancelled if shutting down takes longer than the configured timeout. `reloadSignal` re-reads
    /// the rules files (when there are any).
    public func makeServiceGroup(
        gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint], reloadSignal: UnixSignal? = .sighup
    ) -> ServiceGroup {
        var services = [
            ServiceGroupConfiguration.ServiceConfiguration(
                service: ingest, successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup)
        ]
        if let admin {
            // First in the group, so it is shut down last: it answers until the consumer has finished.
            services.insert(
                .init(service: admin, successTerminationBehavior: .gracefullyShutdownGroup), at: 0)
        }
        // Before the consumer, so they are shut down after it: its last alerts still reach them.
        services.insert(
            contentsOf: self.services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) },
            at: 0)
        if let reloadSignal, reloader.rulesFile != nil || reloader.shadowRulesFile != nil {
            services.append(.init(service: RulesReloadService(reloader: reloader, signal: reloadSignal)))
        }
        if configuration.statsInterval > .zero {
            services.append(
                .init(
                    service: StatisticsReporter(
                        statistics: statistics, interval: configuration.statsInterval, logger: logger)))
        }
        var group = ServiceGroupConfiguration(services: services, logger: logger)
        group.gracefulShutdownSignals = signals
        group.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        return ServiceGroup(configuration: group)
    }

    /// Runs until SIGTERM/SIGINT, then closes the sinks, the producer and any embedded cluster. A fatal Kafka error
    /// (``KafkaClientError``) shuts the group down too, and is thrown.
    public func run() async throws {
        let group = makeServiceGroup()
        do {
            try await group.run()
        } catch {
            await close()
            throw error
        }
        await close()
    }

    /// Closes the sinks and the producer (flushing it) and shuts the embedded cluster down. Call after the group
    /// has finished.
    public func close() async {
        for sink in sinks + [shadowSink].compactMap({ $0 }) {
            do { try await sink.close() } catch { logger.error("Closing an alert sink failed: \(error)") }
        }
        if let producer {
            // Waits without blocking a thread; the close then has nothing left to wait for.
            do { try await producer.flush(timeout: configuration.shutdownTimeout) } catch {
                logger.error("Flushing the Kafka producer at shutdown: \(error)")
            }
            producer.close(timeout: .zero)
        }
        embedded?.close()
    }
}
