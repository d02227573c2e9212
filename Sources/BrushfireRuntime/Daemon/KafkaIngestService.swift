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
    private let rules: Rules
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

    public init(
        consumer: KafkaConsumer, rules: Rules, fingerprinter: Fingerprinter = .development,
        deadLetters: KafkaProducer?, deadLetterTopic: String?, alertsTopic: KafkaAlertSink?,
        sinks: [any AlertSink] = [], idleAfter: Swift.Duration = .seconds(2), maxEventBytes: Int = 1 << 20,
        statistics: DaemonStatistics = DaemonStatistics(), logger: Logger = Logger(label: "brushfire.daemon"),
        admin: AdminState? = nil, adminPublishInterval: Swift.Duration = .milliseconds(250),
        metricsFactory: any MetricsFactory = MetricsSystem.factory, state: DaemonState? = nil,
        errors: KafkaErrorReporter? = nil
    ) {
        self.state = state
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.deadLetterTopic = deadLetterTopic
        self.alertsTopic = alertsTopic
        self.sinks = sinks
        self.rules = rules
        self.fingerprinter = fingerprinter
        self.decoder = EventDecoder(maxBytes: maxEventBytes)
        self.idleAfter = idleAfter
        self.statistics = statistics
        self.logger = logger
        self.admin = admin
        self.adminPublishInterval = adminPublishInterval
        self.metricsFactory = metricsFactory
        self.errors = errors ?? KafkaErrorReporter(metricsFactory: metricsFactory, logger: logger)
    }

    public func run() async throws {
        var pipeline = IngestPipeline(
            engine: Engine(rules: rules, fingerprinter: fingerprinter), decoder: decoder,
            progress: PartitionProgress(idleAfterMillis: idleAfter.milliseconds), deadLetterTopic: deadLetterTopic)
        if let state { pipeline.startCheckpoints(state) }
        var publisher = AdminPublisher(
            state: admin, publishInterval: adminPublishInterval, metricsFactory: metricsFactory, logger: logger)
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
        try await deliver(alerts, headers: [], deadLetters: [])
        publisher.finished(alerts: alerts, engine: pipeline.engine)
        try consumer.storeOffsets(
            pipeline.checkpoints == nil
                ? pipeline.progress.allProcessed()
                : pipeline.progress.committable(processedThrough: pipeline.engine.processedThrough))
        pipeline.writeCheckpoint()
        for sink in sinks { try await sink.flush() }
        try await alertsTopic?.flush()
        await consumer.shutdown(commit: true)
        statistics.update { $0.alerts += alerts.count }
        logger.info("Daemon stopped: \(alerts.count) final alerts, offsets committed")
    }

    private func handle(
        _ event: KafkaConsumerEvent, _ pipeline: inout IngestPipeline, _ publisher: inout AdminPublisher, now: Int64
    ) async throws {
        switch event {
        case .batch(let batch):
            let started = ContinuousClock.now
            let outcome = pipeline.process(batch, now: now)
            try await deliver(outcome.alerts, headers: outcome.alertHeaders, deadLetters: outcome.deadLetters)
            publisher.processed(
                alerts: outcome.alerts, rejected: outcome.rejected,
                nanoseconds: (ContinuousClock.now - started).nanoseconds, engine: pipeline.engine, consumer: consumer,
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
                for (topicPartition, offset) in offsets { stats.storedOffsets[topicPartition.description] = offset }
            }
        case .assigned(let partitions):
            for topicPartition in partitions {
                guard let source = consumer.source(of: topicPartition) else { continue }
                pipeline.progress.assign(source, topicPartition, now: now)
                pipeline.restoreCheckpoint(topicPartition, source: source)
                pipeline.engine.addSource(source)
            }
            statistics.update { $0.assigned.formUnion(partitions.map(\.description)) }
        case .revoked(let partitions, let lost, let revocation):
            defer { revocation.done() }
            var offsets: [TopicPartition: Int64] = [:]
            for topicPartition in partitions {
                guard let source = consumer.source(of: topicPartition) else { continue }
                pipeline.releaseCheckpoint(topicPartition, source: source, lost: lost)
                if let (partition, offset) = pipeline.progress.revoke(source) { offsets[partition] = offset }
                pipeline.engine.removeSource(source)
            }
            if !lost { try consumer.storeOffsets(offsets) }
            statistics.update { $0.assigned.subtract(partitions.map(\.description)) }
        case .error(let error):
            // A producer's error arrives here only after the reporter has counted it and handed it on.
            if error.client == .consumer { errors.report(error) }
            if error.isFatal { throw error }
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

/// The synchronous part of the pipeline: decode, admit, advance, track offsets. One value, owned by the service's
/// task.
struct IngestPipeline {
    var engine: Engine
    let decoder: EventDecoder
    var progress: PartitionProgress
    let deadLetterTopic: String?
    /// Checkpointing into the state directory, when the daemon has one.
    var checkpoints: PipelineCheckpoints?

    static let advanceEvery = 256

    struct Outcome {
        var alerts: [Alert] = []
        var alertHeaders: [[KafkaHeader]] = []
        var deadLetters: [KafkaOutgoingMessage] = []
        /// Rejected events with no dead-letter topic to go to.
        var dropped = 0
        var accepted = 0
        /// Events the decoder rejected, by reason.
        var rejected: [String: Int] = [:]
    }

    mutating func process(_ batch: KafkaMessageBatch, now: Int64) -> Outcome {
        var outcome = Outcome()
        // The engine advances every `advanceEvery` records (reading its watermark per record would cost a pass
        // over all sources each time). Alerts emitted by an advance are attributed to the first record of that
        // chunk: the measured event-to-alert delay errs long, never short.
        var chunkStart: KafkaRecord?
        var sinceAdvance = 0
        for record in batch.records {
            if chunkStart == nil { chunkStart = record }
            if progress.received(record.source, batch.topicPartition(of: record), offset: record.offset, now: now) {
                engine.setSourceIdle(record.source, false)
            }
            switch batch.withValue(record, { decoder.decode($0) }) {
            case .success(let event):
                switch engine.ingest(event, source: record.source) {
                case .accepted:
                    progress.admitted(record.source, offset: record.offset, eventTime: event.timestamp)
                    checkpoints?.saw(event.shopID, on: record.source)
                    outcome.accepted += 1
                case .duplicate:
                    break
                case .late(let watermark):
                    reject(
                        record, in: batch,
                        DeadLetterReason(
                            code: "late",
                            message: "event time \(Timestamp.format(event.timestamp)) is before the watermark "
                                + Timestamp.format(watermark),
                            field: "timestamp", stage: "TASK_PUT"), &outcome)
                case .tooFarAhead(let frontier):
                    reject(
                        record, in: batch,
                        DeadLetterReason(
                            code: "too_far_ahead",
                            message: "event time \(Timestamp.format(event.timestamp)) is too far ahead of "
                                + Timestamp.format(frontier),
                            field: "timestamp", stage: "TASK_PUT"), &outcome)
                }
            case .failure(let error):
                outcome.rejected[error.reason.rawValue, default: 0] += 1
                reject(
                    record, in: batch,
                    DeadLetterReason(
                        code: error.reason.rawValue, message: error.message, field: error.field,
                        stage: "VALUE_CONVERTER"), &outcome)
            }
            sinceAdvance += 1
            if sinceAdvance == Self.advanceEvery {
                emit(engine.advance(), trigger: chunkStart, in: batch, &outcome)
                sinceAdvance = 0
                chunkStart = nil
            }
        }
        for topicPartition in batch.partitionsAtEnd {
            guard let index = batch.topics.firstIndex(of: topicPartition.topic) else { continue }
            progress.reachedEnd(index << 20 | Int(topicPartition.partition))
        }
        let idle = progress.becameIdle(now: now)
        for source in idle { engine.setSourceIdle(source, true) }
        emit(engine.advance(), trigger: chunkStart ?? batch.records.last, in: batch, &outcome)
        return outcome
    }

    private mutating func reject(
        _ record: KafkaRecord, in batch: KafkaMessageBatch, _ reason: DeadLetterReason, _ outcome: inout Outcome
    ) {
        guard let deadLetterTopic else {
            outcome.dropped += 1
            return
        }
        outcome.deadLetters.append(
            DeadLetter.message(
                to: deadLetterTopic, from: batch.topicPartition(of: record), offset: record.offset,
                key: batch.key(of: record), value: batch.value(of: record), reason: reason))
    }

    private func emit(_ alerts: [Alert], trigger: KafkaRecord?, in batch: KafkaMessageBatch, _ outcome: inout Outcome) {
        guard !alerts.isEmpty else { return }
        let headers =
            trigger.map { record in
                [
                    KafkaHeader(KafkaIngestService.TriggerHeader.topic, batch.topic(of: record)),
                    KafkaHeader(KafkaIngestService.TriggerHeader.partition, String(record.partition)),
                    KafkaHeader(KafkaIngestService.TriggerHeader.offset, String(record.offset)),
                    KafkaHeader(KafkaIngestService.TriggerHeader.timestamp, String(record.timestamp)),
                ]
            } ?? []
        outcome.alerts.append(contentsOf: alerts)
        outcome.alertHeaders.append(contentsOf: repeatElement(headers, count: alerts.count))
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
