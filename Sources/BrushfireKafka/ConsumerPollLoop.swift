import CRdKafka
import Dispatch
import Logging
import Synchronization

/// The consumer's own thread, and the only one that serves its queue: it takes messages in batches, answers
/// rebalance events, turns client errors into events, and at the end runs the close protocol and destroys the
/// handle. Owning the handle's end here means no rebalance event can arrive on a thread that is not ready for it.
final class ConsumerPollLoop: @unchecked Sendable {
    private let handle: OpaquePointer
    private let topics: [String]
    private let channel: BoundedChannel<KafkaConsumerEvent>
    private let logger: Logger
    private let maxBatch: Int
    private let timeoutMillis: Int32
    private let includeHeaders: Bool
    private let revocationTimeout: Duration
    private let closeTimeout: Duration
    private let missingTopicGraceMillis: Int64
    private let startingOffsets: (@Sendable ([TopicPartition]) -> [TopicPartition: Int64])?
    /// Cooperative (incremental) or eager assignment, from `partition.assignment.strategy`. Not asked of
    /// librdkafka: `rd_kafka_rebalance_protocol` can block when called from a rebalance callback during a close.
    private let cooperative: Bool
    let brokers: String
    /// The callbacks' context: kept alive for good when a handle is left undestroyed, since librdkafka's threads
    /// may still call into it.
    weak var context: KafkaClientContext?

    private struct Control {
        var lifecycle = KafkaConsumerLifecycle()
        /// Errors reported by other clients for this consumer to hand on (a producer's fatal error).
        var injected: [KafkaClientError] = []
    }

    private let control = Mutex(Control())
    /// Signalled when a close is asked for, to wake the thread waiting after fetching stopped.
    private let wake = DispatchSemaphore(value: 0)
    private let completion = CloseCompletion()
    /// The revocation the thread is waiting on the application for; a close ends the wait.
    private let waitingRevocation = Mutex<KafkaRevocation?>(nil)
    let assignment = Mutex<Set<TopicPartition>>([])

    // Poll-thread state.
    private var pendingErrors: [KafkaClientError] = []
    private var missingTopics: [String: Int64] = [:]
    private var lastTopicProbe: Int64 = 0
    private var rebalanceEventsWhileClosing = 0
    private var assignmentsWhileClosing = 0
    /// Whether the group has given this member an assignment yet (see ``awaitFirstAssignment(_:_:)``).
    private var assignedOnce = false
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(
        handle: OpaquePointer, topics: [String], channel: BoundedChannel<KafkaConsumerEvent>, logger: Logger,
        maxBatch: Int, timeoutMillis: Int32, includeHeaders: Bool, revocationTimeout: Duration,
        closeTimeout: Duration, missingTopicGrace: Duration, cooperative: Bool, brokers: String,
        startingOffsets: (@Sendable ([TopicPartition]) -> [TopicPartition: Int64])?
    ) {
        self.handle = handle
        self.topics = topics
        self.channel = channel
        self.logger = logger
        self.maxBatch = maxBatch
        self.timeoutMillis = timeoutMillis
        self.includeHeaders = includeHeaders
        self.revocationTimeout = revocationTimeout
        self.closeTimeout = closeTimeout
        self.missingTopicGraceMillis = missingTopicGrace.milliseconds
        self.cooperative = cooperative
        self.brokers = brokers
        self.startingOffsets = startingOffsets
        self.origin = clock.now
    }

    private var nowMillis: Int64 { (clock.now - origin).milliseconds }

    // MARK: Requests from other threads

    /// Whether the handle may still be used for calls other than the close (storing offsets, reading lag).
    var isOpen: Bool {
        switch control.withLock({ $0.lifecycle.state }) {
        case .consuming, .stopped: true
        case .closing, .closed: false
        }
    }

    func stopFetching() {
        control.withLock { _ = $0.lifecycle.stopFetching() }
        channel.finish()
    }

    /// Asks for the close and returns the completion to wait on.
    func requestClose(commit: Bool) -> CloseCompletion {
        let starts = control.withLock { $0.lifecycle.close(commit: commit) }
        channel.finish()
        waitingRevocation.withLock { $0 }?.done()
        if starts { wake.signal() }
        return completion
    }

    func inject(_ error: KafkaClientError) {
        control.withLock { $0.injected.append(error) }
    }

    /// Called by the client context's error callback, on this thread (inside a poll).
    func reported(_ err: rd_kafka_resp_err_t, reason: String) {
        var error = KafkaClientError.classify(err, reason: reason, client: .consumer, brokers: brokers)
        if err == RD_KAFKA_RESP_ERR__FATAL {
            var text = [CChar](repeating: 0, count: 512)
            let underlying = rd_kafka_fatal_error(handle, &text, text.count)
            let detail = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            error.error = KafkaError(
                code: underlying.rawValue, name: String(cString: rd_kafka_err2name(underlying)),
                message: detail.isEmpty ? reason : detail)
        }
        pendingErrors.append(error)
    }

    // MARK: The thread

    func run() {
        let queue = rd_kafka_queue_get_consumer(handle)!
        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxBatch)
        defer { messages.deallocate() }
        consume(queue, messages)
        channel.finish()
        // Fetching has stopped: nothing serves the queue until the application asks for the close (it may still be
        // storing the offsets of what it drains, which a revocation served now would refuse).
        while control.withLock({ $0.lifecycle.state == .stopped }) { wake.wait() }
        let commit: Bool
        switch control.withLock({ $0.lifecycle.state }) {
        case .closing(let value): commit = value
        default: commit = false
        }
        let started = clock.now
        if cooperative && !awaitFirstAssignment(queue, messages) {
            logger.warning(
                """
                Kafka consumer closed while joining its group, before its first assignment: its handle is left \
                undestroyed (librdkafka 2.0 aborts destroying a cooperative-sticky member in that state, #4312)
                """)
            control.withLock { $0.lifecycle.destroyed() }
            abandon()
            completion.finish(
                KafkaConsumerCloseReport(
                    closedByLibrary: false, rebalanceEventsAnswered: rebalanceEventsWhileClosing,
                    assignmentsAnswered: assignmentsWhileClosing, elapsed: clock.now - started))
            return
        }
        if commit {
            let cleanly = closeGracefully(queue, messages)
            completion.finish(
                KafkaConsumerCloseReport(
                    closedByLibrary: cleanly, rebalanceEventsAnswered: rebalanceEventsWhileClosing,
                    assignmentsAnswered: assignmentsWhileClosing, elapsed: clock.now - started))
        } else {
            rd_kafka_queue_destroy(queue)
            rd_kafka_destroy_flags(handle, Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE))
            control.withLock { $0.lifecycle.destroyed() }
            completion.finish(
                KafkaConsumerCloseReport(
                    closedByLibrary: false, rebalanceEventsAnswered: 0, assignmentsAnswered: 0,
                    elapsed: clock.now - started))
        }
    }

    private func consume(
        _ queue: OpaquePointer, _ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    ) {
        var topicIndexes: [OpaquePointer: Int32] = [:]
        var capacityHint = 1 << 16
        while true {
            let (consuming, injected) = control.withLock { control in
                defer { control.injected.removeAll() }
                return (control.lifecycle.isConsuming, control.injected)
            }
            guard consuming else { return }
            pendingErrors += injected
            let count = rd_kafka_consume_batch_queue(queue, timeoutMillis, messages, maxBatch)
            var batch = KafkaMessageBatch(topics: topics)
            if count > 0 { batch.reserve(records: count, bytes: capacityHint) }
            for index in 0..<max(0, count) {
                guard let message = messages[index] else { continue }
                defer { rd_kafka_message_destroy(message) }
                let topicIndex = topicIndex(of: message.pointee.rkt, cache: &topicIndexes)
                switch message.pointee.err {
                case RD_KAFKA_RESP_ERR_NO_ERROR:
                    append(message, topicIndex: topicIndex, to: &batch)
                case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                    if topicIndex >= 0 {
                        batch.partitionsAtEnd.append(TopicPartition(topics[Int(topicIndex)], message.pointee.partition))
                    }
                default:
                    messageError(message, topicIndex: topicIndex)
                }
            }
            checkMissingTopics()
            for error in pendingErrors where !channel.send(.error(error)) { return }
            pendingErrors.removeAll()
            capacityHint = max(capacityHint, batch.bytes.count)
            if !channel.send(.batch(batch)) { return }
        }
    }

    /// A cooperative-sticky member that has joined its group but not yet received an assignment has no assignor
    /// state, and librdkafka before 2.2 asserts on it when the handle is destroyed (librdkafka #4312). So the close
    /// first serves the queue (answering rebalance events) until the first assignment arrives, at most
    /// `closeTimeout`. Returns whether destroying is safe: assigned, or still not joined (no protocol chosen) after
    /// a second's wait for a join in flight.
    private func awaitFirstAssignment(
        _ queue: OpaquePointer, _ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    ) -> Bool {
        let started = clock.now
        while !assignedOnce {
            // Asked only here, before the close: during one it can block (librdkafka #4041).
            let joined = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) != "NONE" } ?? false
            if !joined && clock.now - started >= .seconds(1) { return true }
            if clock.now - started >= closeTimeout { return false }
            let count = rd_kafka_consume_batch_queue(queue, 100, messages, maxBatch)
            for index in 0..<max(0, count) { messages[index].map { rd_kafka_message_destroy($0) } }
        }
        return true
    }

    /// Serves the queue after `rd_kafka_consumer_close_queue` until librdkafka reports the consumer closed, answering
    /// every rebalance event; then destroys the handle. Returns whether it closed within the limit.
    private func closeGracefully(
        _ queue: OpaquePointer, _ messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    ) -> Bool {
        let err = rd_kafka_commit(handle, nil, 0)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            logger.error("Kafka commit at close failed: \(KafkaError(err, "committing offsets"))")
        }
        if let failure = rd_kafka_consumer_close_queue(handle, queue) {
            logger.error("Kafka consumer close: \(String(cString: rd_kafka_error_string(failure)))")
            rd_kafka_error_destroy(failure)
        }
        let deadline = clock.now + closeTimeout
        while true {
            let step = control.withLock { control in
                control.lifecycle.closeStep(
                    closedByLibrary: rd_kafka_consumer_closed(handle) != 0, timedOut: clock.now >= deadline)
            }
            switch step {
            case .keepServing:
                let count = rd_kafka_consume_batch_queue(queue, 100, messages, maxBatch)
                for index in 0..<max(0, count) { messages[index].map { rd_kafka_message_destroy($0) } }
            case .destroy:
                rd_kafka_queue_destroy(queue)
                rd_kafka_destroy(handle)
                assignment.withLock { $0.removeAll() }
                return true
            case .abandon:
                logger.error(
                    """
                    Kafka consumer did not finish leaving the group within \(closeTimeout); its handle is left \
                    undestroyed, and the group will notice this member gone at session.timeout.ms
                    """)
                abandon()
                return false
            }
        }
    }

    /// Leaves the handle to librdkafka's threads: the context they call into must outlive the consumer.
    private func abandon() {
        if let context { _ = Unmanaged.passRetained(context) }
    }

    // MARK: Rebalance

    /// Runs on this thread inside librdkafka (a poll or the close loop).
    func rebalance(_ err: rd_kafka_resp_err_t, _ native: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        let partitions = native.map { KafkaConsumer.read($0).map(\.0) } ?? []
        let answer = control.withLock { $0.lifecycle.answer(assign: err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) }
        if answer == .answerQuietly {
            rebalanceEventsWhileClosing += 1
            if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS { assignmentsWhileClosing += 1 }
        }
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assignedOnce = true
            if answer == .assignAndAnnounce, let native, let startingOffsets {
                let offsets = startingOffsets(partitions)
                for index in 0..<Int(native.pointee.cnt) {
                    let element = native.pointee.elems[index]
                    let topicPartition = TopicPartition(String(cString: element.topic), element.partition)
                    if let offset = offsets[topicPartition] { native.pointee.elems[index].offset = offset }
                }
            }
            assign(native, partitions: partitions)
            if answer == .assignAndAnnounce {
                for topicPartition in partitions { missingTopics[topicPartition.topic] = nil }
                logger.info("Kafka partitions assigned: \(partitions.sorted().map(\.description))")
                _ = channel.send(.assigned(partitions))
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(handle) != 0
            if answer == .revokeWithApplication {
                let revocation = KafkaRevocation()
                waitingRevocation.withLock { $0 = revocation }
                if channel.send(.revoked(partitions, lost: lost, revocation)),
                    !revocation.wait(timeout: revocationTimeout)
                {
                    logger.warning("Kafka revocation: the application did not finish in \(revocationTimeout)")
                }
                waitingRevocation.withLock { $0 = nil }
                if !lost {
                    let err = rd_kafka_commit(handle, nil, 0)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                        logger.error("Kafka commit on revocation failed: \(KafkaError(err, "committing offsets"))")
                    }
                }
            }
            unassign(native)
            assignment.withLock { $0.subtract(partitions) }
            logger.info("Kafka partitions \(lost ? "lost" : "revoked"): \(partitions.sorted().map(\.description))")
        default:
            logger.error("Kafka rebalance error: \(KafkaError(err, "rebalance"))")
            if cooperative {
                unassign(native)
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
            assignment.withLock { $0.removeAll() }
        }
    }

    private func assign(
        _ native: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, partitions: [TopicPartition]
    ) {
        if cooperative {
            if let failure = rd_kafka_incremental_assign(handle, native) {
                logger.error("Kafka assignment failed: \(String(cString: rd_kafka_error_string(failure)))")
                rd_kafka_error_destroy(failure)
                return
            }
        } else {
            let err = rd_kafka_assign(handle, native)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("Kafka assignment failed: \(KafkaError(err, "assign"))")
                return
            }
        }
        assignment.withLock { assignment in
            // An eager assignment is the whole assignment; a cooperative one adds to it.
            if cooperative { assignment.formUnion(partitions) } else { assignment = Set(partitions) }
        }
    }

    private func unassign(_ native: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        if cooperative {
            if let failure = rd_kafka_incremental_unassign(handle, native) {
                logger.error("Kafka unassignment failed: \(String(cString: rd_kafka_error_string(failure)))")
                rd_kafka_error_destroy(failure)
            }
        } else {
            let err = rd_kafka_assign(handle, nil)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.error("Kafka unassignment failed: \(KafkaError(err, "unassign"))")
            }
        }
    }

    // MARK: Errors

    private func messageError(_ message: UnsafeMutablePointer<rd_kafka_message_t>, topicIndex: Int32) {
        let err = message.pointee.err
        let reason =
            message.pointee.payload.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
            } ?? String(cString: rd_kafka_err2str(err))
        var topic = topicIndex >= 0 ? topics[Int(topicIndex)] : nil
        if topic == nil, let rkt = message.pointee.rkt { topic = String(cString: rd_kafka_topic_name(rkt)) }
        if topic == nil { topic = topics.first { reason.contains($0) } }
        var error = KafkaClientError.classify(err, reason: reason, client: .consumer, topic: topic, brokers: brokers)
        if let topic, topicIndex >= 0 || topics.contains(topic) {
            if message.pointee.partition >= 0 {
                error.error.message = "\(topic)[\(message.pointee.partition)]: \(reason)"
            }
            if err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
                missingTopics[topic] == nil
            {
                missingTopics[topic] = nowMillis
            }
        }
        pendingErrors.append(error)
    }

    /// A subscribed topic reported missing is looked up again every second; still missing after the grace
    /// period, it becomes a fatal error.
    private func checkMissingTopics() {
        guard !missingTopics.isEmpty else { return }
        let now = nowMillis
        guard now - lastTopicProbe >= 1000 else { return }
        lastTopicProbe = now
        for (topic, since) in missingTopics.sorted(by: { $0.key < $1.key }) {
            if topicExists(topic) == true {
                logger.info("Kafka topic \(topic) exists now")
                missingTopics[topic] = nil
            } else if now - since >= missingTopicGraceMillis {
                missingTopics[topic] = nil
                pendingErrors.append(.missingTopic(topic, waitedMillis: now - since, brokers: brokers))
            }
        }
    }

    /// Whether `topic` exists with partitions, by one metadata request for all topics (naming the topic could make
    /// a broker that auto-creates topics create it); `nil` when the brokers did not answer.
    private func topicExists(_ topic: String) -> Bool? {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &metadata, 500)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return nil }
        defer { rd_kafka_metadata_destroy(metadata) }
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let found = metadata.pointee.topics[index]
            if String(cString: found.topic) == topic {
                return found.err == RD_KAFKA_RESP_ERR_NO_ERROR && found.partition_cnt > 0
            }
        }
        return false
    }

    // MARK: Messages

    private func append(
        _ message: UnsafeMutablePointer<rd_kafka_message_t>, topicIndex: Int32, to batch: inout KafkaMessageBatch
    ) {
        guard topicIndex >= 0 else { return }
        let m = message.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        let value = UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)
        let key = m.key.map { UnsafeRawBufferPointer(start: $0, count: m.key_len) }
        batch.append(
            source: Int(topicIndex) << 20 | Int(m.partition), topicIndex: topicIndex, partition: m.partition,
            offset: m.offset, timestamp: timestamp, key: key, value: value,
            headers: includeHeaders ? headers(of: message) : nil)
    }

    private func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var native: OpaquePointer?
        guard rd_kafka_message_headers(message, &native) == RD_KAFKA_RESP_ERR_NO_ERROR, let native else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(native, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(name.map { String(cString: $0) } ?? "", bytes))
            index += 1
        }
        return result
    }

    private func topicIndex(of topic: OpaquePointer?, cache: inout [OpaquePointer: Int32]) -> Int32 {
        guard let topic else { return -1 }
        if let index = cache[topic] { return index }
        let name = String(cString: rd_kafka_topic_name(topic))
        let index = topics.firstIndex(of: name).map(Int32.init) ?? -1
        cache[topic] = index
        return index
    }
}

/// What a consumer's close did.
public struct KafkaConsumerCloseReport: Sendable, Equatable {
    /// librdkafka reported the consumer closed (`rd_kafka_consumer_closed`) and the handle was destroyed; `false`
    /// for a crash-like close or one that did not finish within its limit.
    public var closedByLibrary: Bool
    /// Rebalance events answered while leaving the group (a close during a rebalance has some).
    public var rebalanceEventsAnswered: Int
    /// Of those, assignments: the close began while the group was handing out partitions.
    public var assignmentsAnswered: Int
    public var elapsed: Duration
}

/// The end of a close, for any number of waiting threads and tasks.
final class CloseCompletion: Sendable {
    private struct State {
        var report: KafkaConsumerCloseReport?
        var waiters: [CheckedContinuation<KafkaConsumerCloseReport, Never>] = []
    }

    private let state = Mutex(State())
    private let group: DispatchGroup = {
        let group = DispatchGroup()
        group.enter()
        return group
    }()

    func finish(_ report: KafkaConsumerCloseReport) {
        let waiters = state.withLock { state in
            state.report = report
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: report) }
        group.leave()
    }

    /// Blocks the calling thread until the close has finished.
    func wait() -> KafkaConsumerCloseReport {
        group.wait()
        return state.withLock { $0.report! }
    }

    /// Suspends (without blocking a thread) until the close has finished.
    func value() async -> KafkaConsumerCloseReport {
        await withCheckedContinuation { continuation in
            let report = state.withLock { state in
                if state.report == nil { state.waiters.append(continuation) }
                return state.report
            }
            if let report { continuation.resume(returning: report) }
        }
    }
}
