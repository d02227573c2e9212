import CRdKafka

/// A failure reported by librdkafka or by this binding, with the context needed to act on it.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` code (0 when the error is not a Kafka protocol or client code).
    public var code: Int32
    /// librdkafka's name for the code (`_MSG_TIMED_OUT`, `UNKNOWN_TOPIC_OR_PART`, ...), or the binding's reason.
    public var name: String
    /// What went wrong and where (topic, partition, property).
    public var message: String

    public init(code: Int32 = 0, name: String, message: String) {
        self.code = code
        self.name = name
        self.message = message
    }

    init(_ err: rd_kafka_resp_err_t, _ context: String) {
        self.code = err.rawValue
        self.name = String(cString: rd_kafka_err2name(err))
        self.message = "\(context): \(String(cString: rd_kafka_err2str(err)))"
    }

    /// A configuration property was rejected or a client could not be created.
    static func configuration(_ message: String) -> KafkaError {
        KafkaError(name: "configuration", message: message)
    }

    /// The client has been closed.
    static let closed = KafkaError(name: "closed", message: "the Kafka client is closed")

    public var description: String { "\(name): \(message)" }
}
