import BrushfireKafka
import Foundation

/// An embedded Kafka cluster for one test, with helpers to produce and read back messages.
///
/// Group settings are tuned for tests: a short session timeout, so joins and the departure of a crashed member
/// take seconds rather than the ~40 s of the defaults.
public final class KafkaHarness: Sendable {
    public let cluster: EmbeddedKafkaCluster

    public init(brokers: Int = 1) throws {
        cluster = try EmbeddedKafkaCluster(brokers: brokers)
    }

    public var brokers: String { cluster.bootstrapServers }

    /// A topic name no other test uses.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates a fresh topic with `partitions` partitions and returns its name.
    public func makeTopic(_ prefix: String = "topic", partitions: Int) throws -> String {
        let name = Self.uniqueName(prefix)
        try cluster.createTopic(name, partitions: partitions)
        return name
    }

    /// Producer properties for this cluster.
    public var producerConfiguration: KafkaConfiguration {
        cluster.clientConfiguration.merging(["linger.ms": "1"])
    }

    /// Consumer properties for this cluster and `group`.
    public func consumerConfiguration(group: String) -> KafkaConfiguration {
        cluster.clientConfiguration.merging(Self.fastGroupProperties(group: group))
    }

    /// Group timing that suits the mock cluster in tests (its coordinator never completes a join with a session
    /// timeout of 2 s or less).
    public static func fastGroupProperties(group: String) -> [String: String] {
        [
            "group.id": group, "session.timeout.ms": "4000", "heartbeat.interval.ms": "300",
            "auto.commit.interval.ms": "200", "topic.metadata.refresh.interval.ms": "500",
            "fetch.wait.max.ms": "50",
        ]
    }

    /// Produces `messages` and waits until all are acknowledged.
    @discardableResult
    public func produce(_ messages: [KafkaOutgoingMessage]) async throws -> [KafkaDeliveryReport] {
        let producer = try KafkaProducer(configuration: producerConfiguration)
        defer { producer.close() }
        return try await producer.send(messages)
    }

    /// Reads from `consumer` until `count` messages arrived or `timeout` passed; returns them in arrival order.
    public static func collect(
        _ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30), storeOffsets: Bool = true
    ) async throws -> [ConsumedMessage] {
        var result: [ConsumedMessage] = []
        let deadline = ContinuousClock.now + timeout
        while result.count < count, ContinuousClock.now < deadline {
            guard let event = await consumer.next() else { break }
            switch event {
            case .batch(let batch):
                var offsets: [TopicPartition: Int64] = [:]
                for record in batch.records {
                    result.append(ConsumedMessage(batch: batch, record: record))
                    offsets[batch.topicPartition(of: record)] = record.offset + 1
                }
                if storeOffsets { try consumer.storeOffsets(offsets) }
            case .assigned, .error: break
            case .revoked(_, _, let revocation): revocation.done()
            }
        }
        return result
    }
}

/// A consumed message copied out of its batch.
public struct ConsumedMessage: Sendable, Equatable {
    public var topicPartition: TopicPartition
    public var offset: Int64
    public var timestamp: Int64
    public var key: String?
    public var value: String
    public var headers: [KafkaHeader]

    public init(batch: KafkaMessageBatch, record: KafkaRecord) {
        topicPartition = batch.topicPartition(of: record)
        offset = record.offset
        timestamp = record.timestamp
        key = batch.key(of: record).map { String(decoding: $0, as: UTF8.self) }
        value = String(decoding: batch.value(of: record), as: UTF8.self)
        headers = batch.headers(of: record)
    }
}
