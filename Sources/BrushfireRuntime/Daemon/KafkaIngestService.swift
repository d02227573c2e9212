import BrushfireCore
import BrushfireKafka
import BrushfireSinks
import Logging
import Metrics
import ServiceLifecycle

/// The daemon's pipeline as a `Service`: Kafka batches in, decoded and fed to the engine, alerts out to the sinks,
/// rejected events to the dead-letter topic, and offsets stored only once their events are done.
///
/// On graceful shutdown it stops fetching, processes what was fetched, runs the engine's `finish()`, hands the
/// last alerts to the sinks, flushes them, commits and leaves the group — a restart reprocesses nothing. When
/// cancelled instead, it stops at once and commits nothing more, like a crash: a restart reprocesses the
/// uncommitted tail. A fatal Kafka error (``KafkaClientError/isFatal``) ends it with that error, after committing
/// what is done; transient ones are counted and logged by the error reporter.
public final class KafkaIngestService: Service {
    /// Headers on every alert produced to the alerts topic, naming the event after which it was emitted.
    public enum TriggerHeader {
        public static let topic = "brushfire.trigger.topic"
        public static let partition = "brushfire.trigger.partition"
        public static let offset = "brushfire.trigger.offset"
        /// The trigger event's Kafka timestamp (epoch ms): with the alert's own timestamp, the event-to-alert delay.
        public static let timestamp = "brushfire.trigger.timestamp"
    }

    private let consumer: KafkaConsumer
    private let deadLetters: KafkaProducer?
    private let deadLetterTopic: String?
    private let alertsTopic: KafkaAlertSink?
    private let sinks: [any AlertSink]
    private let rules: LoadedRules
    /// Shadow rules run beside the live ones, and the sink of their own their alerts go to.
    private let shadow: (rules: LoadedRules, sink: any AlertSink)?
    private let reloader: RulesReloader?
    private let fingerprinter: Fingerprinter
    private let decoder: EventDecoder
    private let idleAfter: Swift.Duration
    public let statistics: DaemonStatistics
    private let logger: Logger
    private let state: DaemonState?
    private let admin: AdminState?
    private let adminPublishInterval: Swift.Duration
    private let metricsFactory: any MetricsFactory
    private let errors: KafkaErrorReporter
    private let wallClock: WallClock
    /// A long-running daemon keeps the packs of the last 500 retired shops' incidents.
    static var evidenceLimits: EvidenceCollector.Limits {
        var limits = EvidenceCollector.Limits()
        limits.retiredPacks = 500
        return limits
    }

    public init(
        consumer: KafkaConsumer, rules: LoadedRules, shadow: (rules: LoadedRules, sink: any AlertSink)? = nil,
        reloader: RulesReloader? = nil, fingerprinter: Fingerprinter = .development,
        deadLetters: KafkaProducer?, deadLetterTopic: String?, alertsTopic: KafkaAlertSink?,
        sinks: [any AlertSink] = [], idleAfter: Swift.Duration = .seconds(2), maxEventBytes: Int = 1 << 20,
        statistics: DaemonStatistics = DaemonStatistics(), logger: Logger = Logger(label: "brushfire.daemon"),
        admin: AdminState? = nil, adminPublishInterval: Swift.Duration = .milliseconds(250),
        metricsFactory: any MetricsFactory = MetricsSystem.factory, state: DaemonState? = nil,
        errors: KafkaErrorReporter? = nil, wallClock: WallClock = .system
    ) {
        self.state = state
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.deadLetterTopic = deadLetterTopic
        self.alertsTopic = alertsTopic
        self.sinks = sinks
        self.rules = rules
        self.shadow = shadow
        self.reloader = reloader
        self.fingerprinter = fingerprinter
        self.decoder = EventDecoder(maxBytes: maxEventBytes)
        self.idleAfter = idleAfter
        self.statistics = statistics
        self.logger = logger
        self.admin = admin
        self.adminPublishInterval = adminPublishInterval
        self.metricsFactory = metricsFactory
        self.errors = errors ?? KafkaErrorReporter(metricsFactory: metricsFactory, logger: logger)
        self.wallClock = wallClock
    }

    public func run() async throws {
        var pipeline = IngestPipeline(
            engine: Engine(rules: rules.rules, fingerprinter: fingerprinter, rulesVersion: rules.version),
            decoder: decoder, progress: PartitionProgress(idleAfterMillis: idleAfter.milliseconds),
            deadLetterTopic: deadLetterTopic)
        if let shadow {
            var engine = Engine(
                rules: shadow.rules.rules, fingerprinter: fingerprinter, rulesVersion: shadow.rules.version)
            engine.shadow = true
            pipeline.core.shadow = engine
        }
        if let state { pipeline.startCheckpoints(state) }
        // Evidence packs are served by the admin server: without one, the engine keeps no trace for them.
        if admin != nil { pipeline.engine.startTracing() }
        var publisher = AdminPublisher(
            state: admin, publishInterval: adminPublishInterval, metricsFactory: metricsFactory, logger: logger,
            evidence: admin.map { admin in
                var limits = Self.evidenceLimits
                limits.sealsPacks = admin.evidenceStore != nil
                return EvidenceCollector(rules: rules.rules, limits: limits)
            })
        let clock = ContinuousClock()
        let origin = clock.now
        do {
            try await withGracefulShutdownHandler {
                while let event = await consumer.next() {
                    try await handle(event, &pipeline, &publisher, now: (clock.now - origin).milliseconds)
                }
            } onGracefulShutdown: { [consumer] in
                consumer.stopFetching()
            }
        } catch {
            // Stored offsets cover only finished work, so committing them is safe even now.
            await consumer.shutdown(commit: true)
            throw error
        }
        if Task.isCancelled {
            logger.warning("Daemon cancelled: leaving without committing (the uncommitted tail will be reprocessed)")
            await consumer.shutdown(commit: false)
            return
        }
        // With a state directory the stream goes on after a restart: events within the lateness stay buffered in
        // the checkpoint instead of being flushed by `finish()`.
        let alerts = pipeline.checkpoints == nil ? pipeline.engine.finish() : pipeline.engine.advance()
        let shadowAlerts =
            pipeline.checkpoints == nil ? pipeline.core.shadow?.finish() ?? [] : pipeline.core.shadow?.advance() ?? []
        try await deliver(alerts, headers: [], deadLetters: [])
        try await shadow?.sink.write(shadowAlerts)
        publisher.finished(
            alerts: alerts, trace: pipeline.engine.drainTrace(), shadowAlerts: shadowAlerts, pipeline: pipeline.core)
        try consumer.storeOffsets(
            pipeline.checkpoints == nil
                ? pipeline.progress.allProcessed()
                : pipeline.progress.committable(processedThrough: pipeline.engine.processedThrough))
        pipeline.writeCheckpoint()
        for sink in sinks { try await sink.flush() }
        try await shadow?.sink.flush()
        try await alertsTopic?.flush()
        await consumer.shutdown(commit: true)
        statistics.update { $0.alerts += alerts.count }
        logger.info(
            "Daemon stopped: \(alerts.count) final alerts, offsets committed",
            metadata: publisher.alertDelay.summary.metadata)
    }

    private func handle(
        _ event: KafkaConsumerEvent, _ pipeline: inout IngestPipeline, _ publisher: inout AdminPublisher, now: Int64
    ) async throws {
        switch event {
        case .batch(let batch):
            let started = ContinuousClock.now
            stageReloadedRules(&pipeline)
            let outcome = pipeline.process(batch, now: now)
            if !outcome.alerts.isEmpty { publisher.handed(outcome.triggerTimestamps, at: wallClock.microseconds()) }
            try await deliver(outcome.alerts, headers: outcome.alertHeaders, deadLetters: outcome.deadLetters)
            if !outcome.shadowAlerts.isEmpty { try await shadow?.sink.write(outcome.shadowAlerts) }
            logRulesChanges(&pipeline)
            publisher.processed(
                alerts: outcome.alerts, trace: outcome.trace, shadowAlerts: outcome.shadowAlerts,
                rejected: outcome.rejected,
                nanoseconds: (ContinuousClock.now - started).nanoseconds, pipeline: pipeline.core, consumer: consumer,
                now: now)
            let offsets = pipeline.progress.committable(processedThrough: pipeline.engine.processedThrough)
            try consumer.storeOffsets(offsets)
            pipeline.checkpointIfDue(now: now)
            statistics.update { stats in
                stats.batches += 1
                stats.consumed += batch.records.count
                stats.accepted += outcome.accepted
                stats.deadLettered += outcome.deadLetters.count + outcome.dropped
                stats.alerts += outcome.alerts.count
                if !outcome.alerts.isEmpty { stats.alertDelay = publisher.alertDelay }
                for (topicPartition, offset) in offsets { stats.storedOffsets[topicPartition.description] = offset }
            }
        case .assigned(let partitions):
            for topicPartition in partitions {
                guard let source = consumer.source(of: topicPartition) else { continue }
                pipeline.progress.assign(source, topicPartition, now: now)
                pipeline.restoreCheckpoint(topicPartition, source: source)
                pipeline.core.addSource(source)
            }
            statistics.update { $0.assigned.formUnion(partitions.map(\.description)) }
        case .revoked(let partitions, let lost, let revocation):
            defer { revocation.done() }
            var offsets: [TopicPartition: Int64] = [:]
            for topicPartition in partitions {
                guard let source = consumer.source(of: topicPartition) else { continue }
                pipeline.releaseCheckpoint(topicPartition, source: source, lost: lost)
                if let (partition, offset) = pipeline.progress.revoke(source) { offsets[partition] = offset }
                pipeline.core.removeSource(source)
            }
            if !lost { try consumer.storeOffsets(offsets) }
            statistics.update { $0.assigned.subtract(partitions.map(\.description)) }
        case .error(let error):
            // A producer's error arrives here only after the reporter has counted it and handed it on.
            if error.client == .consumer { errors.report(error) }
            if error.isFatal { throw error }
        }
    }

    /// Hands rules the reloader checked to the engines, which put them in effect at their next pane boundary.
    private func stageReloadedRules(_ pipeline: inout IngestPipeline) {
        guard let request = reloader?.take() else { return }
        do {
            if let live = request.live { try pipeline.engine.stage(live.rules, version: live.version) }
            if let rules = request.shadow, pipeline.core.shadow != nil {
                try pipeline.core.shadow!.stage(rules.rules, version: rules.version)
            }
        } catch {
            logger.error("Rules reload refused by the engine: the running rules stay", metadata: ["error": "\(error)"])
        }
    }

    /// Logs the rules that took effect, with what was rebuilt (windows whose length changed).
    private func logRulesChanges(_ pipeline: inout IngestPipeline) {
        for (change, which) in pipeline.engine.takeRulesChanges().map({ ($0, "live") })
            + (pipeline.core.shadow?.takeRulesChanges() ?? []).map({ ($0, "shadow") })
        {
            logger.notice(
                "Rules in effect",
                metadata: [
                    "rules": "\(which)", "rules_version": "\(change.version ?? "defaults")",
                    "previous_version": "\(change.previousVersion ?? "defaults")",
                    "pane_boundary": "\(Timestamp.format(change.at))",
                ])
            for note in change.notes {
                logger.notice("Rules change: \(note)", metadata: ["rules": "\(which)"])
            }
        }
    }

    /// Hands alerts to every sink and dead letters to their topic, returning once all are acknowledged.
    private func deliver(_ alerts: [Alert], headers: [[KafkaHeader]], deadLetters messages: [KafkaOutgoingMessage])
        async throws
    {
        async let deadLettered: Void = {
            if let deadLetters, !messages.isEmpty { _ = try await deadLetters.send(messages) }
        }()
        if !alerts.isEmpty {
            try await alertsTopic?.write(alerts, headers: headers)
            for sink in sinks { try await sink.write(alerts) }
        }
        try await deadLettered
    }
}

/// The daemon's driver over the core `Pipeline`: Kafka records in, offsets tracked, rejections turned into dead
/// letters, alerts tagged with the record that triggered them. One value, owned by the service's task.
struct IngestPipeline {
    var core: Pipeline
    var progress: PartitionProgress
    let deadLetterTopic: String?
    /// Checkpointing into the state directory, when the daemon has one.
    var checkpoints: PipelineCheckpoints?

    init(engine: Engine, decoder: EventDecoder, progress: PartitionProgress, deadLetterTopic: String?) {
        self.core = Pipeline(engine: engine, decoder: decoder)
        self.progress = progress
        self.deadLetterTopic = deadLetterTopic
    }

    var engine: Engine {
        get { core.engine }
        _modify { yield &core.engine }
    }

    struct Outcome {
        var alerts: [Alert] = []
        /// The shadow rules' alerts, for their own sink.
        var shadowAlerts: [Alert] = []
        var alertHeaders: [[KafkaHeader]] = []
        /// For each alert, the Kafka timestamp (epoch ms) of the record it is attributed to; -1 when none.
        var triggerTimestamps: [Int64] = []
        var deadLetters: [KafkaOutgoingMessage] = []
        /// Rejected events with no dead-letter topic to go to.
        var dropped = 0
        var accepted = 0
        /// Events the decoder rejected, by reason.
        var rejected: [String: Int] = [:]
        /// The engine's evidence trace over the batch, when it is tracing.
        var trace: [EvidenceTrace] = []
    }

    mutating func process(_ batch: KafkaMessageBatch, now: Int64) -> Outcome {
        var output = Pipeline.Output()
        for (index, record) in batch.records.enumerated() {
            if progress.received(record.source, batch.topicPartition(of: record), offset: record.offset, now: now) {
                core.setSourceIdle(record.source, false)
            }
            var admitted: (time: Int64, shop: String)?
            batch.withValue(record) { bytes in
                core.offer(
                    bytes, source: record.source, tag: index,
                    at: .offset(
                        topic: batch.topic(of: record), partition: record.partition, offset: record.offset,
                        timestamp: record.timestamp),
                    into: &output
                ) { admitted = ($0, $1) }
            }
            if let admitted {
                progress.admitted(record.source, offset: record.offset, eventTime: admitted.time)
                checkpoints?.saw(admitted.shop, on: record.source)
            }
        }
        for topicPartition in batch.partitionsAtEnd {
            guard let index = batch.topics.firstIndex(of: topicPartition.topic) else { continue }
            progress.reachedEnd(index << 20 | Int(topicPartition.partition))
        }
        let idle = progress.becameIdle(now: now)
        for source in idle { core.setSourceIdle(source, true) }
        core.endBatch(into: &output)

        var outcome = Outcome(
            alerts: output.alerts, shadowAlerts: output.shadowAlerts, accepted: output.accepted, trace: output.trace)
        outcome.alertHeaders.reserveCapacity(output.triggers.count)
        outcome.triggerTimestamps.reserveCapacity(output.triggers.count)
        for trigger in output.triggers {
            guard case .offset(let topic, let partition, let offset, let timestamp) = trigger else {
                outcome.alertHeaders.append([])
                outcome.triggerTimestamps.append(-1)
                continue
            }
            outcome.triggerTimestamps.append(timestamp)
            outcome.alertHeaders.append([
                KafkaHeader(KafkaIngestService.TriggerHeader.topic, topic),
                KafkaHeader(KafkaIngestService.TriggerHeader.partition, String(partition)),
                KafkaHeader(KafkaIngestService.TriggerHeader.offset, String(offset)),
                KafkaHeader(KafkaIngestService.TriggerHeader.timestamp, String(timestamp)),
            ])
        }
        for rejection in output.rejections {
            if rejection.stage == .decode { outcome.rejected[rejection.reason, default: 0] += 1 }
            guard let deadLetterTopic else {
                outcome.dropped += 1
                continue
            }
            let record = batch.records[rejection.tag]
            outcome.deadLetters.append(
                DeadLetter.message(
                    to: deadLetterTopic, from: batch.topicPartition(of: record), offset: record.offset,
                    key: batch.key(of: record), value: rejection.raw,
                    reason: DeadLetterReason(
                        code: rejection.reason, message: rejection.message, field: rejection.field,
                        stage: rejection.stage == .decode ? "VALUE_CONVERTER" : "TASK_PUT")))
        }
        return outcome
    }
}

extension Swift.Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
