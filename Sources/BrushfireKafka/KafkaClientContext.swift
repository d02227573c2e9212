import CRdKafka
import Dispatch
import Logging
import Synchronization

/// State shared with librdkafka's C callbacks through the handle's opaque pointer. The owning client keeps it
/// alive until after `rd_kafka_destroy`.
final class KafkaClientContext: @unchecked Sendable {
    let logger: Logger
    /// Set once by the consumer before the handle exists; read only on the poll thread afterwards.
    var rebalance: ((rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Void)?
    /// Set once by the client before it polls; receives errors from librdkafka's error callback (code, reason).
    var error: ((rd_kafka_resp_err_t, String) -> Void)?

    init(logger: Logger) {
        self.logger = logger
    }

    static func from(_ handle: OpaquePointer?) -> KafkaClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<KafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// Installs the log and error callbacks and the opaque pointer on `conf`.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
            guard let context = KafkaClientContext.from(handle) else { return }
            let message = text.map { String(cString: $0) } ?? ""
            let facility = facility.map { String(cString: $0) } ?? ""
            let logLevel: Logger.Level =
                switch level {
                case ...3: .error
                case 4: .warning
                case 5, 6: .info
                default: .debug
                }
            context.logger.log(level: logLevel, "librdkafka: \(message)", metadata: ["kafka.facility": "\(facility)"])
        }
        rd_kafka_conf_set_error_cb(conf) { handle, err, reason, _ in
            guard let context = KafkaClientContext.from(handle) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            let code = rd_kafka_resp_err_t(err)
            if let handler = context.error {
                handler(code, text)
            } else {
                context.logger.warning("Kafka client error \(String(cString: rd_kafka_err2name(code))): \(text)")
            }
        }
    }
}

/// A librdkafka handle crossing to the client's own thread. librdkafka handles are thread-safe.
struct NativeHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// Stops a client's own polling thread and waits for it to leave librdkafka before the handle is destroyed.
final class PollerControl: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    func stop() { stopping.store(true, ordering: .releasing) }

    /// Called by the thread as it exits.
    func finished() { done.signal() }

    func stopAndWait() {
        stop()
        done.wait()
    }
}
