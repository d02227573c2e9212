import CRdKafka
import Foundation
import Logging
import Synchronization

/// An idempotent Kafka producer. It owns its `rd_kafka_t` and a thread that serves delivery reports; `close()`
/// flushes and releases both.
///
/// `enable.idempotence=true` is the default (a retried send is written once, in order); pass it as `false` in
/// the configuration to turn it off. Payloads are copied on enqueue.
public final class KafkaProducer: @unchecked Sendable {
    public typealias DeliveryHandler = @Sendable (Result<KafkaDeliveryReport, KafkaError>) -> Void

    private let handle: OpaquePointer
    private let context: KafkaClientContext
    private let poller = PollerControl()
    private let closed = Atomic<Bool>(false)
    /// Deliveries that failed without a handler (see ``enqueue(topic:key:value:headers:partition:timestamp:onDelivery:)``).
    private let unhandledFailures = Atomic<Int>(0)

    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "brushfire.kafka.producer")) throws {
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
        let native = NativeHandle(handle)
        let thread = Thread { [native, poller] in
            while !poller.isStopping {
                rd_kafka_poll(native.pointer, 50)
            }
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
    /// finally failed). Waits while librdkafka's local queue is full. Without a handler, failures are counted
    /// (``undeliveredCount``) and logged.
    public func enqueue(
        topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer, headers: [KafkaHeader] = [],
        partition: Int32? = nil, timestamp: Int64? = nil, onDelivery: DeliveryHandler? = nil
    ) throws {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed }
        let body: DeliveryHandler =
            onDelivery ?? { [self] result in
                if case .failure(let error) = result {
                    unhandledFailures.add(1, ordering: .relaxed)
                    context.logger.error("Kafka delivery failed: \(error)")
                }
            }
        let opaque = Unmanaged.passRetained(DeliveryCallback(body)).toOpaque()
        while true {
            let nativeHeaders = Self.makeHeaders(headers)
            let err = brushfire_rd_kafka_produce(
                handle, topic, partition ?? RD_KAFKA_PARTITION_UA, key?.baseAddress, key?.count ?? 0,
                value.baseAddress, value.count, nativeHeaders, timestamp ?? 0, opaque)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if let nativeHeaders { rd_kafka_headers_destroy(nativeHeaders) }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL, !closed.load(ordering: .acquiring) {
                usleep(1000)
                continue
            }
            Unmanaged<DeliveryCallback>.fromOpaque(opaque).release()
            throw KafkaError(err, "producing to \(topic)")
        }
    }

    /// Enqueues one message; see ``enqueue(topic:key:value:headers:partition:timestamp:onDelivery:)``.
    public func enqueue(_ message: KafkaOutgoingMessage, onDelivery: DeliveryHandler? = nil) throws {
        try message.value.withUnsafeBytes { value in
            if let key = message.key {
                try key.withUnsafeBytes { key in
                    try enqueue(
                        topic: message.topic, key: key, value: value, headers: message.headers,
                        partition: message.partition, timestamp: message.timestamp, onDelivery: onDelivery)
                }
            } else {
                try enqueue(
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
        return try await withCheckedThrowingContinuation { continuation in
            collector.setContinuation(continuation)
            for (index, message) in messages.enumerated() {
                do {
                    try enqueue(message) { result in collector.settle(index, result) }
                } catch {
                    collector.settle(
                        index, .failure(error as? KafkaError ?? KafkaError(name: "produce", message: "\(error)")))
                }
            }
        }
    }

    /// Number of deliveries that failed without a delivery handler.
    public var undeliveredCount: Int { unhandledFailures.load(ordering: .relaxed) }

    /// Messages enqueued and not yet acknowledged (or failed).
    public var outstandingCount: Int { Int(rd_kafka_outq_len(handle)) }

    /// Waits until every enqueued message is settled, at most `timeout`.
    public func flush(timeout: Duration = .seconds(30)) throws {
        let err = rd_kafka_flush(handle, Int32(clamping: timeout.milliseconds))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(err, "flushing \(outstandingCount) outstanding messages")
        }
    }

    /// Flushes (at most `timeout`), stops the delivery thread and destroys the handle. Idempotent.
    public func close(timeout: Duration = .seconds(30)) {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let err = rd_kafka_flush(handle, Int32(clamping: timeout.milliseconds))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            context.logger.error("Kafka producer closed with \(outstandingCount) messages undelivered")
        }
        poller.stopAndWait()
        rd_kafka_destroy(handle)
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

    func setContinuation(_ continuation: CheckedContinuation<[KafkaDeliveryReport], any Error>) {
        state.withLock { $0.continuation = continuation }
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
