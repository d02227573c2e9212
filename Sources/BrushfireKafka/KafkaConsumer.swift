import CRdKafka
import Foundation
import Logging
import Synchronization

/// A Kafka group consumer. It owns its `rd_kafka_t` and a dedicated poll thread (off Swift's cooperative pool)
/// that takes messages in batches with `rd_kafka_consume_batch_queue` and hands them over through a bounded
/// buffer: when the application falls behind, the thread stops fetching. Client errors arrive in the same stream
/// (``KafkaConsumerEvent/error(_:)``).
///
/// Offsets are stored only by the application (``storeOffsets(_:)``; `enable.auto.offset.store=false` is
/// forced) and committed by librdkafka's auto-commit, on revocation and at ``close(commit:)`` — at-least-once.
/// `enable.partition.eof=true` is forced so batches report caught-up partitions; `auto.offset.reset` defaults to
/// `earliest`.
///
/// Closing runs on the poll thread too: it leaves the group with `rd_kafka_consumer_close_queue`, answers every
/// rebalance event until `rd_kafka_consumer_closed`, and only then destroys the handle.
public final class KafkaConsumer: @unchecked Sendable {
    /// The subscribed topics, in the order that numbers them in ``KafkaRecord/source``.
    public let topics: [String]
    private let handle: OpaquePointer
    private let context: KafkaClientContext
    private let channel: BoundedChannel<KafkaConsumerEvent>
    private let loop: ConsumerPollLoop

    /// - Parameters:
    ///   - maxBatch: most messages taken in one poll.
    ///   - bufferedBatches: batches buffered ahead of the application before the poll thread waits.
    ///   - includeHeaders: copy each message's headers into the batch (costs time; off for the hot path).
    ///   - revocationTimeout: how long a revocation waits for the application before committing anyway.
    ///   - closeTimeout: how long a close may take to leave the group before the handle is abandoned.
    ///   - missingTopicGrace: how long a subscribed topic may be missing before that is a fatal error.
    ///   - startingOffsets: asked, on the poll thread, where newly assigned partitions start (e.g. where a state
    ///     checkpoint was written); partitions it leaves out start from the committed offset.
    public init(
        configuration: KafkaConfiguration, topics: [String], logger: Logger = Logger(label: "brushfire.kafka.consumer"),
        maxBatch: Int = 10_000, bufferedBatches: Int = 4, pollInterval: Duration = .milliseconds(100),
        includeHeaders: Bool = false, revocationTimeout: Duration = .seconds(30), closeTimeout: Duration = .seconds(30),
        missingTopicGrace: Duration = .seconds(60),
        startingOffsets: (@Sendable ([TopicPartition]) -> [TopicPartition: Int64])? = nil
    ) throws {
        guard configuration["group.id"] != nil else {
            throw KafkaError.configuration("a consumer needs the 'group.id' property")
        }
        guard !topics.isEmpty else { throw KafkaError.configuration("a consumer needs at least one topic") }
        var properties = configuration
        properties["enable.auto.offset.store"] = "false"
        properties["enable.partition.eof"] = "true"
        if properties["auto.offset.reset"] == nil { properties["auto.offset.reset"] = "earliest" }
        let conf = try properties.makeNative()
        let context = KafkaClientContext(logger: logger)
        context.install(on: conf)
        rd_kafka_conf_set_rebalance_cb(conf) { handle, err, partitions, _ in
            KafkaClientContext.from(handle)?.rebalance?(err, partitions)
        }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.configuration(
                "cannot create Kafka consumer: "
                    + errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        self.topics = topics
        self.handle = handle
        self.context = context
        let channel = BoundedChannel<KafkaConsumerEvent>(capacity: max(1, bufferedBatches))
        self.channel = channel
        let loop = ConsumerPollLoop(
            handle: handle, topics: topics, channel: channel, logger: logger, maxBatch: max(1, maxBatch),
            timeoutMillis: Int32(clamping: pollInterval.milliseconds), includeHeaders: includeHeaders,
            revocationTimeout: revocationTimeout, closeTimeout: closeTimeout, missingTopicGrace: missingTopicGrace,
            cooperative: (properties["partition.assignment.strategy"] ?? "").contains("cooperative"),
            brokers: properties["bootstrap.servers"] ?? properties["metadata.broker.list"] ?? "?",
            startingOffsets: startingOffsets)
        self.loop = loop
        loop.context = context
        rd_kafka_poll_set_consumer(handle)

        context.rebalance = { err, partitions in loop.rebalance(err, partitions) }
        context.error = { err, reason in loop.reported(err, reason: reason) }
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let err = rd_kafka_subscribe(handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_destroy(handle)
            throw KafkaError(err, "subscribing to \(topics.joined(separator: ", "))")
        }

        let thread = Thread { loop.run() }
        thread.name = "brushfire-kafka-consumer"
        thread.start()
    }

    deinit {
        _ = loop.requestClose(commit: false).wait()
    }

    /// The next event from the poll thread; `nil` once fetching has stopped and everything buffered was read.
    public func next() async -> KafkaConsumerEvent? {
        await channel.next()
    }

    /// The stable integer naming `topicPartition` in ``KafkaRecord/source``; `nil` for a topic not subscribed.
    public func source(of topicPartition: TopicPartition) -> Int? {
        topics.firstIndex(of: topicPartition.topic).map { $0 << 20 | Int(topicPartition.partition) }
    }

    /// The partitions currently assigned to this consumer.
    public var assignment: Set<TopicPartition> { loop.assignment.withLock { $0 } }

    /// Records, per partition, the offset of the next message to read: everything before it is done. Committed by
    /// auto-commit, on revocation and at close.
    public func storeOffsets(_ offsets: [TopicPartition: Int64]) throws {
        guard !offsets.isEmpty else { return }
        guard loop.isOpen else { throw KafkaError.closed }
        let list = Self.makeList(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_store(handle, list)
        // A partition that was just revoked cannot be stored any more; that is not the caller's error.
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__STATE {
            throw KafkaError(err, "storing offsets \(offsets.sorted { $0.key < $1.key })")
        }
    }

    /// Messages between this consumer's position and the end of each assigned partition, by the high watermark
    /// the broker last reported with a fetch (no request is made). A partition whose end is not known yet is absent.
    public func lag() -> [TopicPartition: Int64] {
        let partitions = assignment
        guard !partitions.isEmpty, loop.isOpen else { return [:] }
        let list = Self.makeList(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(-1001)) }))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        _ = rd_kafka_position(handle, list)
        var result: [TopicPartition: Int64] = [:]
        for (topicPartition, position) in Self.read(list) {
            var low: Int64 = -1
            var high: Int64 = -1
            let err = rd_kafka_get_watermark_offsets(
                handle, topicPartition.topic, topicPartition.partition, &low, &high)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { continue }
            result[topicPartition] = max(0, high - (position >= 0 ? position : max(low, 0)))
        }
        return result
    }

    /// Commits the stored offsets synchronously.
    public func commit() throws {
        guard loop.isOpen else { throw KafkaError.closed }
        let err = rd_kafka_commit(handle, nil, 0)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            throw KafkaError(err, "committing offsets")
        }
    }

    /// The group's committed offsets for `partitions` (-1001 when none is committed).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) throws -> [TopicPartition:
        Int64]
    {
        guard loop.isOpen else { throw KafkaError.closed }
        let list = Self.makeList(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(-1001)) }))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_committed(handle, list, Int32(clamping: timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "reading committed offsets") }
        return Self.read(list).reduce(into: [:]) { $0[$1.0] = $1.1 }
    }

    /// A group's committed offsets read by a short-lived client that does not join the group (so it causes no
    /// rebalance); -1001 where none is committed.
    public static func committedOffsets(
        configuration: KafkaConfiguration, partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) throws -> [TopicPartition: Int64] {
        let conf = try configuration.makeNative()
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.configuration("cannot create Kafka client for reading committed offsets")
        }
        defer { rd_kafka_destroy_flags(handle, Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)) }
        let list = makeList(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(-1001)) }))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_committed(handle, list, Int32(clamping: timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "reading committed offsets") }
        return read(list).reduce(into: [:]) { $0[$1.0] = $1.1 }
    }

    /// Stops fetching: ``next()`` returns what is buffered, then `nil`. The poll thread then waits for the close
    /// (serving no rebalance events meanwhile, so the application can still store the offsets of what it drains).
    public func stopFetching() {
        loop.stopFetching()
    }

    /// Hands `error` to the application as the next event (after what is buffered), for an error another client
    /// found that stops this consumer's work — a producer's fatal error.
    public func report(_ error: KafkaClientError) {
        loop.inject(error)
    }

    /// Stops fetching, then with `commit` commits the stored offsets and leaves the group cleanly (revoking the
    /// partitions, answering every rebalance event until librdkafka reports the consumer closed); without it,
    /// drops the handle as a crash would: nothing more is committed and the group notices only at session timeout.
    /// The work is done on the consumer's thread; this waits for it, blocking the caller — from async code use
    /// ``shutdown(commit:)``. Idempotent: later calls wait for the first close.
    @discardableResult
    public func close(commit: Bool = true) -> KafkaConsumerCloseReport {
        loop.requestClose(commit: commit).wait()
    }

    /// ``close(commit:)`` for async callers: suspends until the consumer's thread has closed it, blocking no thread.
    @discardableResult
    public func shutdown(commit: Bool = true) async -> KafkaConsumerCloseReport {
        await loop.requestClose(commit: commit).value()
    }

    static func makeList(_ offsets: [TopicPartition: Int64]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
        for (topicPartition, offset) in offsets {
            rd_kafka_topic_partition_list_add(list, topicPartition.topic, topicPartition.partition)!.pointee.offset =
                offset
        }
        return list
    }

    static func read(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [(TopicPartition, Int64)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (TopicPartition(String(cString: element.topic), element.partition), element.offset)
        }
    }
}
