import CRdKafka
import Logging

/// librdkafka's mock Kafka cluster (`rdkafka_mock.h`) listening on 127.0.0.1: a real Kafka protocol endpoint for
/// the daemon, for `brushfire broker`, for tests and for clients such as kcat, with no external Kafka.
///
/// It keeps about 5 MiB per partition, so give busy topics enough partitions. Broker ids run from 1 to
/// `brokers`. Releasing the object (or ``close()``) shuts the cluster down.
public final class EmbeddedKafkaCluster: @unchecked Sendable {
    private let owner: OpaquePointer
    private let cluster: OpaquePointer
    private let context: KafkaClientContext
    private var isClosed = false
    /// The `bootstrap.servers` value for clients, e.g. `127.0.0.1:39211`.
    public let bootstrapServers: String
    public let brokerCount: Int

    public init(brokers: Int = 1, logger: Logger = Logger(label: "brushfire.kafka.embedded")) throws {
        let conf = try KafkaConfiguration(["log.connection.close": "false"]).makeNative()
        let context = KafkaClientContext(logger: logger)
        context.install(on: conf)
        var errorText = [CChar](repeating: 0, count: 512)
        guard let owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.configuration(
                "cannot create the embedded cluster's client: "
                    + errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        guard let cluster = rd_kafka_mock_cluster_new(owner, Int32(brokers)) else {
            rd_kafka_destroy(owner)
            throw KafkaError(name: "embedded", message: "cannot start the embedded Kafka cluster")
        }
        self.owner = owner
        self.cluster = cluster
        self.context = context
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit { close() }

    /// Shuts the cluster down; clients connected to it see their connections fail.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(owner)
    }

    /// Client properties that reach this cluster.
    public var clientConfiguration: KafkaConfiguration { KafkaConfiguration(brokers: bootstrapServers) }

    /// Creates a topic (before clients use it, so they do not auto-create it with the default partition count).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws {
        let err = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "creating topic \(name)") }
    }

    /// Takes a broker down (its connections close and it accepts none) until ``setBrokerUp(_:)``.
    public func setBrokerDown(_ broker: Int32) throws {
        let err = rd_kafka_mock_broker_set_down(cluster, broker)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "taking broker \(broker) down") }
    }

    public func setBrokerUp(_ broker: Int32) throws {
        let err = rd_kafka_mock_broker_set_up(cluster, broker)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "bringing broker \(broker) up") }
    }

    /// Adds `rtt` of latency to every response from `broker`.
    public func setRoundTrip(_ broker: Int32, _ rtt: Duration) throws {
        let err = rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(clamping: rtt.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "setting broker \(broker) latency") }
    }

    /// Adds `rtt` of latency to the next `count` requests of Kafka API `apiKey` (1 is Fetch) to `broker`, and to no
    /// others: reading can be slowed down without slowing producing.
    public func delayRequests(_ broker: Int32, apiKey: Int16, count: Int, by rtt: Duration) throws {
        let err = brushfire_rd_kafka_mock_delay_requests(
            cluster, broker, apiKey, count, Int32(clamping: rtt.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "delaying broker \(broker)'s requests") }
    }

    /// Moves a partition's leadership to `broker`.
    public func setLeader(_ topic: String, partition: Int32, broker: Int32) throws {
        let err = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "moving \(topic)[\(partition)]") }
    }

    /// Makes metadata answers report Kafka error `code` for `topic` (3, UNKNOWN_TOPIC_OR_PARTITION, is how a broker
    /// that does not create topics on demand answers for a missing one — this cluster creates topics on first
    /// use); 0 clears it.
    public func setTopicError(_ topic: String, code: Int32) {
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(rawValue: code))
    }

    /// The next requests of the Kafka API `apiKey` (0 Produce, 1 Fetch, 8 OffsetCommit, 11 JoinGroup, ...) fail,
    /// one per error code given, in order (codes are Kafka's: 6 NOT_LEADER_FOR_PARTITION, 7 REQUEST_TIMED_OUT, ...).
    public func failNextRequests(apiKey: Int16, with errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, apiKey, buffer.count, buffer.baseAddress)
        }
    }
}
