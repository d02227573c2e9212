import CRdKafka

/// An error a Kafka client reported while running (not in answer to a call): a broker unreachable, a failed
/// authentication, a topic that does not exist, librdkafka's fatal error. The consumer hands these to the
/// application as ``KafkaConsumerEvent/error(_:)``; the producer passes them to its error handler.
///
/// ``isFatal`` errors do not heal by retrying (the client is unusable, or the settings are wrong); the others are
/// retried by librdkafka on its own.
public struct KafkaClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which client reported it.
    public enum Client: String, Sendable {
        case consumer, producer
    }

    public var client: Client
    /// A stable label for metrics and logs: librdkafka's error name in lower case without its leading underscore
    /// (`all_brokers_down`, `transport`, `unknown_topic_or_part`, `fatal`, …).
    public var kind: String
    public var isFatal: Bool
    /// librdkafka's code, name and reason.
    public var error: KafkaError
    /// The topic concerned, when there is one.
    public var topic: String?
    /// The brokers the client was configured with (`bootstrap.servers`).
    public var brokers: String
    /// What to check, naming the settings involved.
    public var hint: String?

    public init(
        client: Client, kind: String, isFatal: Bool, error: KafkaError, topic: String? = nil, brokers: String,
        hint: String? = nil
    ) {
        self.client = client
        self.kind = kind
        self.isFatal = isFatal
        self.error = error
        self.topic = topic
        self.brokers = brokers
        self.hint = hint
    }

    public var description: String {
        var text = "\(isFatal ? "fatal " : "")Kafka \(client.rawValue) error (\(kind)) with brokers \(brokers)"
        if let topic { text += ", topic \(topic)" }
        text += ": \(error.message)"
        if let hint { text += "; \(hint)" }
        return text
    }

    /// Classifies an error librdkafka reported through its error callback or as a consumer message.
    ///
    /// Fatal: librdkafka's own fatal error (an idempotent producer that can no longer guarantee order, a fenced
    /// static group member), failed authentication and missing authorization. Everything else — brokers down or
    /// unreachable, timeouts, a leader moving — is transient: librdkafka reconnects and retries by itself. A topic
    /// that does not exist is transient here; the consumer makes it fatal once it has been missing for longer
    /// than its grace period.
    static func classify(
        _ err: rd_kafka_resp_err_t, reason: String, client: Client, topic: String? = nil, brokers: String
    ) -> KafkaClientError {
        let name = String(cString: rd_kafka_err2name(err))
        let kind = String(name.drop { $0 == "_" }).lowercased()
        let error = KafkaError(code: err.rawValue, name: name, message: reason.isEmpty ? name : reason)
        switch err {
        case RD_KAFKA_RESP_ERR__FATAL:
            return KafkaClientError(
                client: client, kind: kind, isFatal: true, error: error, topic: topic, brokers: brokers,
                hint: client == .producer
                    ? "the idempotent producer cannot guarantee delivery in order any more; restart to recover"
                    : "the consumer cannot continue; check group.instance.id if static membership is configured")
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
            return KafkaClientError(
                client: client, kind: "authentication", isFatal: true, error: error, topic: topic, brokers: brokers,
                hint: "check security.protocol, sasl.mechanism, sasl.username and sasl.password (or ssl.*)")
        case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
            return KafkaClientError(
                client: client, kind: kind, isFatal: true, error: error, topic: topic, brokers: brokers,
                hint: "grant this principal access (ACLs) or use other credentials (sasl.username)")
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
            return KafkaClientError(
                client: client, kind: kind, isFatal: false, error: error, topic: topic, brokers: brokers,
                hint: "retrying; check that the brokers are up and reachable (bootstrap.servers)")
        default:
            return KafkaClientError(
                client: client, kind: kind, isFatal: false, error: error, topic: topic, brokers: brokers)
        }
    }

    /// A subscribed topic that has not existed for `waitedMillis`.
    static func missingTopic(_ topic: String, waitedMillis: Int64, brokers: String) -> KafkaClientError {
        KafkaClientError(
            client: .consumer, kind: "unknown_topic", isFatal: true,
            error: KafkaError(
                code: RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue, name: "_UNKNOWN_TOPIC",
                message: "topic \(topic) does not exist (waited \(waitedMillis / 1000) s for it to appear)"),
            topic: topic, brokers: brokers,
            hint: "create the topic, or correct kafka.topics / --topic (the wait is kafka.missing_topic_grace_ms)")
    }
}
