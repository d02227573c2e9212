import CRdKafka
import Foundation
import Logging
import Synchronization

/// An idempotent Kafka producer. It owns its `rd_kafka_t` and a thread that serves delivery reports and client
/// errors; `close()` flushes and releases both.
///
/// `enable.idempotence=true` is the default (a retried send is written once, in order); pass it as `false` in
/// the configuration to turn it off. Payloads are copied on enqueue.
///
/// Nothing here blocks a Swift concurrency thread: ``send(_:)-([KafkaOutgoingMessage])`` and ``flush(timeout:)``
/// suspend while librdkafka's local queue is full or messages are outstanding, and are woken by the producer's
/// thread after each of its polls; both waits are bounded.
public final class KafkaProducer: @unchecked Sendable {
    public typealias DeliveryHandler = @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void
    /// Receives the errors the client reports while running, on the producer's thread.
    public typealias ErrorHandler = @Sendable (KafkaClientError) -> Void

    private let handle: OpaquePointer
    private let context: KafkaClientContext
    private let poller = PollerControl()
    private let closed = Atomic<Bool>(false)
    /// Deliveries that failed without a handler (see ``enqueue(topic:key:value:headers:partition:timestamp:onDelivery:)``).
    private let unhandledFailures = Atomic<Int>(0)
    private let progress = ProducerProgress()
    private let queueFullTimeout: Duration
    /// The `bootstrap.servers` this producer uses.
    public let brokers: String

    /// - Parameters:
    ///   - queueFullTimeout: how long a message may wait for room in librdkafka's local queue (which is full while
    ///     the brokers do not keep up or are unreachable) before its send fails.
    ///   - onError: the errors the client reports while running (a fatal idempotence error, brokers down); when
    ///     `nil` they are logged.
    public init(
        configuration: KafkaConfiguration, logger: Logger = Logger(label: "brushfire.kafka.producer"),
        queueFullTimeout: Duration = .seconds(60), onError: ErrorHandler? = nil
    ) throws {
        var properties = configuration
        if properties["enable.idempotence"] == nil { properties["enable.idempotence"] = "true" }
        let conf = try properties.makeNative()
        let context = KafkaClientContext(logger: logger)
        context.install(on: conf)
        rd_kafka_conf_set_dr_msg_cb(conf) { handle, message, _ in
            guard let message = message?.pointee, let opaque = message._private else { return }
            let callback = Unmanaged<DeliveryCallback>.fromOpaque(opaque).takeRetainedValue()
            let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            if message.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
                let timestamp = withUnsafePointer(to: message) { rd_kafka_message_timestamp($0, &type) }
                callback.body(
                    .success(
                        KafkaDeliveryReport(
                            topic: topic, partition: message.partition, offset: message.offset, timestamp: timestamp)))
            } else {
                callback.body(.failure(KafkaError(message.err, "delivery to \(topic)[\(message.partition)]")))
            }
        }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.configuration(
                "cannot create Kafka producer: "
                    + errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        self.handle = handle
        self.context = context
        self.queueFullTimeout = queueFullTimeout
        let brokers = properties["bootstrap.servers"] ?? properties["metadata.broker.list"] ?? "?"
        self.brokers = brokers
        let native = NativeHandle(handle)
        context.error = { [logger] err, reason in
            var error = KafkaClientError.classify(err, reason: reason, client: .producer, brokers: brokers)
            if err == RD_KAFKA_RESP_ERR__FATAL {
                var text = [CChar](repeating: 0, count: 512)
                let underlying = rd_kafka_fatal_error(native.pointer, &text, text.count)
                let detail = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                error.error = KafkaError(
                    code: underlying.rawValue, name: String(cString: rd_kafka_err2name(underlying)),
                    message: detail.isEmpty ? reason : detail)
            }
            if let onError { onError(error) } else { logger.warning("\(error)") }
        }
        let thread = Thread { [native, poller, progress] in
            while !poller.isStopping {
                rd_kafka_poll(native.pointer, 50)
                progress.signal()
            }
            progress.signal()
            poller.finished()
        }
        thread.name = "brushfire-kafka-producer"
        thread.start()
    }

    deinit {
        if !closed.load(ordering: .acquiring) {
            poller.stopAndWait()
            rd_kafka_destroy(handle)
        }
    }

    /// Enqueues one message; `onDelivery` runs on the producer's thread once the broker acknowledged it (or it
    /// finally failed). While librdkafka's local queue is full this **blocks the calling thread** (woken by the
    /// producer's thread, at most `queueFullTimeout`): for synchronous callers such as a command-line loop; async
    /// code uses ``send(_:)-([KafkaOutgoingMessage])``. Without a handler, failures are counted
    /// (``undeliveredCount``) and logged.
    public func enqueue(
        topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer, headers: [KafkaHeader] = [],
        partition: Int32? = nil, timestamp: Int64? = nil, onDelivery: DeliveryHandler? = nil
    ) throws {
        let deadline = ContinuousClock.now + queueFullTimeout
        while true {
            let generation = progress.generation
            let err = try tryEnqueue(
                topic: topic, key: key, value: value, headers: headers, partition: partition, timestamp: timestamp,
                onDelivery: onDelivery)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            try queueFull(err, topic: topic, deadline: deadline)
            progress.wait(after: generation)
        }
    }

    /// One attempt: `_QUEUE_FULL` is returned (the caller waits and retries), any other failure thrown.
    private func tryEnqueue(
        topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer, headers: [KafkaHeader],
        partition: Int32?, timestamp: Int64?, onDelivery: DeliveryHandler?
    ) throws -> rd_kafka_resp_err_t {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed }
        let body: DeliveryHandler =
            onDelivery ?? { [self] result in
                if case .failure(let error) = result {
                    unhandledFailures.add(1, ordering: .relaxed)
                    context.logger.error("Kafka delivery failed: \(error)")
                }
            }
        let opaque = Unmanaged.passRetained(DeliveryCallback(body)).toOpaque()
        let nativeHeaders = Self.makeHeaders(headers)
        let err = brushfire_rd_kafka_produce(
            handle, topic, partition ?? RD_KAFKA_PARTITION_UA, key?.baseAddress, key?.count ?? 0,
            value.baseAddress, value.count, nativeHeaders, timestamp ?? 0, opaque)
        if err == RD_KAFKA_RESP_ERR_NO_ERROR { return err }
        if let nativeHeaders { rd_kafka_headers_destroy(nativeHeaders) }
        Unmanaged<DeliveryCallback>.fromOpaque(opaque).release()
        if err == RD_KAFKA_RESP_ERR__QUEUE_FULL { return err }
        throw KafkaError(err, "producing to \(topic)")
    }

    /// Throws once a full queue has lasted past `deadline`.
    private func queueFull(_ err: rd_kafka_resp_err_t, topic: String, deadline: ContinuousClock.Instant) throws {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed }
        if ContinuousClock.now >= deadline {
            throw KafkaError(
                err,
                "producing to \(topic): the local queue stayed full for \(queueFullTimeout) (\(outstandingCount) "
                    + "messages outstanding; are the brokers \(brokers) reachable? queue.buffering.max.messages "
                    + "sets the queue's size)")
        }
    }

    /// Enqueues one message, suspending (not blocking) while the local queue is full, at most `queueFullTimeout`.
    public func enqueue(_ message: KafkaOutgoingMessage, onDelivery: DeliveryHandler? = nil) async throws {
        try await enqueue(message, onDelivery: onDelivery, deadline: ContinuousClock.now + queueFullTimeout)
    }

    private func enqueue(
        _ message: KafkaOutgoingMessage, onDelivery: DeliveryHandler?, deadline: ContinuousClock.Instant
    ) async throws {
        while true {
            let generation = progress.generation
            let err = try tryEnqueue(message, onDelivery: onDelivery)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            try queueFull(err, topic: message.topic, deadline: deadline)
            try Task.checkCancellation()
            await progress.next(after: generation)
        }
    }

    private func tryEnqueue(_ message: KafkaOutgoingMessage, onDelivery: DeliveryHandler?) throws
        -> rd_kafka_resp_err_t
    {
        try message.value.withUnsafeBytes { value in
            if let key = message.key {
                try key.withUnsafeBytes { key in
                    try tryEnqueue(
                        topic: message.topic, key: key, value: value, headers: message.headers,
                        partition: message.partition, timestamp: message.timestamp, onDelivery: onDelivery)
                }
            } else {
                try tryEnqueue(
                    topic: message.topic, key: nil, value: value, headers: message.headers,
                    partition: message.partition, timestamp: message.timestamp, onDelivery: onDelivery)
            }
        }
    }

    /// Produces one message and returns once the broker has acknowledged it.
    public func send(_ message: KafkaOutgoingMessage) async throws -> KafkaDeliveryReport {
        try await send([message])[0]
    }

    /// Produces messages and returns once the broker has acknowledged all of them, in the order given; throws the
    /// first failure after every message has been settled.
    public func send(_ messages: [KafkaOutgoingMessage]) async throws -> [KafkaDeliveryReport] {
        guard !messages.isEmpty else { return [] }
        let collector = DeliveryCollector(count: messages.count)
        // One limit for the whole send: once the queue has stayed full that long, the rest fail at once.
        let deadline = ContinuousClock.now + queueFullTimeout
        for (index, message) in messages.enumerated() {
            do {
                try await enqueue(
                    message, onDelivery: { result in collector.settle(index, result) }, deadline: deadline)
            } catch {
                collector.settle(
                    index, .failure(error as? KafkaError ?? KafkaError(name: "produce", message: "\(error)")))
            }
        }
        return try await collector.value()
    }

    /// Number of deliveries that failed without a delivery handler.
    public var undeliveredCount: Int { unhandledFailures.load(ordering: .relaxed) }

    /// Messages enqueued and not yet acknowledged (or failed).
    public var outstandingCount: Int { Int(rd_kafka_outq_len(handle)) }

    /// Suspends until every enqueued message is settled (acknowledged or failed), at most `timeout`; woken by the
    /// producer's thread after each of its polls, so no thread is blocked meanwhile.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !closed.load(ordering: .acquiring) {
            let generation = progress.generation
            if outstandingCount == 0 { return }
            if ContinuousClock.now >= deadline {
                throw KafkaError(
                    RD_KAFKA_RESP_ERR__TIMED_OUT,
                    "flushing: \(outstandingCount) messages still outstanding after \(timeout) (brokers \(brokers))")
            }
            try Task.checkCancellation()
            await progress.next(after: generation)
        }
    }

    /// Flushes (at most `timeout`, blocking the calling thread: async code calls ``flush(timeout:)`` first, which
    /// leaves nothing to wait for here), stops the delivery thread and destroys the handle. Idempotent.
    public func close(timeout: Duration = .seconds(30)) {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let err = rd_kafka_flush(handle, Int32(clamping: timeout.milliseconds))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            context.logger.error("Kafka producer closed with \(outstandingCount) messages undelivered")
        }
        poller.stopAndWait()
        rd_kafka_destroy(handle)
    }

    /// Makes librdkafka raise a fatal error on this producer, as an idempotence failure would (for tests).
    func raiseFatalError(_ reason: String) {
        _ = rd_kafka_test_fatal_error(handle, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, reason)
    }

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty else { return nil }
        let native = rd_kafka_headers_new(headers.count)!
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(native, header.name, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(native, header.name, -1, nil, 0)
            }
        }
        return native
    }
}

/// Wakes those waiting for the producer to make progress (room in the local queue, messages settled): the
/// producer's thread signals after every poll, so a waiter looks again at least every 50 ms.
final class ProducerProgress: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let condition = NSCondition()

    var generation: UInt64 { state.withLock { $0.generation } }

    func signal() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Suspends until the next signal after `generation`.
    func next(after generation: UInt64) async {
        await withCheckedContinuation { continuation in
            let passed = state.withLock { state in
                if state.generation != generation { return true }
                state.waiters.append(continuation)
                return false
            }
            if passed { continuation.resume() }
        }
    }

    /// Blocks the calling thread until the next signal after `generation` (at most 100 ms).
    func wait(after generation: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        if self.generation == generation { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1)) }
    }
}

/// The per-message delivery handler, passed to librdkafka as the message opaque.
private final class DeliveryCallback: @unchecked Sendable {
    let body: KafkaProducer.DeliveryHandler
    init(_ body: @escaping KafkaProducer.DeliveryHandler) { self.body = body }
}

/// Gathers the delivery reports of one `send` and resumes its caller when all have arrived.
private final class DeliveryCollector: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var firstError: (any Error)?
        var remaining: Int
        var continuation: CheckedContinuation<[KafkaDeliveryReport], any Error>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(reports: Array(repeating: nil, count: count), remaining: count))
    }

    /// The reports in order once every message is settled, or the first failure.
    func value() async throws -> [KafkaDeliveryReport] {
        try await withCheckedThrowingContinuation { continuation in
            let finished = state.withLock { state -> Result<[KafkaDeliveryReport], any Error>? in
                guard state.remaining == 0 else {
                    state.continuation = continuation
                    return nil
                }
                if let error = state.firstError { return .failure(error) }
                return .success(state.reports.map { $0! })
            }
            if let finished { continuation.resume(with: finished) }
        }
    }

    func settle(_ index: Int, _ result: Result<KafkaDeliveryReport, KafkaError>) {
        let finished:
            (CheckedContinuation<[KafkaDeliveryReport], any Error>, Result<[KafkaDeliveryReport], any Error>)? =
                state.withLock { state in
                    switch result {
                    case .success(let report): state.reports[index] = report
                    case .failure(let error): state.firstError = state.firstError ?? error
                    }
                    state.remaining -= 1
                    guard state.remaining == 0, let continuation = state.continuation else { return nil }
                    state.continuation = nil
                    if let error = state.firstError { return (continuation, .failure(error)) }
                    return (continuation, .success(state.reports.map { $0! }))
                }
        if let (continuation, result) = finished { continuation.resume(with: result) }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
