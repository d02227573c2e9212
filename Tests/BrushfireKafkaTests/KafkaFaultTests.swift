import BrushfireKafka
import BrushfireTestKit
import Testing

@Suite("Kafka under faults: a broker down for a while, injected request errors")
struct KafkaFaultTests {
    @Test func messagesProducedWhileTheBrokerIsDownAreDeliveredOnceItIsBack() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 3)
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration)
        defer { producer.close() }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "warm", value: "up"))

        try kafka.cluster.setBrokerDown(1)
        let sending = Task {
            try await producer.send(
                (0..<300).map { KafkaOutgoingMessage(topic: topic, key: "k\($0 % 9)", value: "m\($0)") })
        }
        try await Task.sleep(for: .seconds(2))
        try kafka.cluster.setBrokerUp(1)
        let reports = try await sending.value
        #expect(reports.count == 300)

        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic])
        defer { consumer.close() }
        let received = try await KafkaHarness.collect(consumer, count: 301)
        #expect(received.count == 301)
        #expect(Set(received.map(\.value)).count == 301)
    }

    @Test func injectedProduceAndFetchErrorsLoseAndDuplicateNothing() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 2)
        // Produce (API 0): NOT_LEADER_FOR_PARTITION (6), REQUEST_TIMED_OUT (7), NOT_ENOUGH_REPLICAS (19).
        kafka.cluster.failNextRequests(apiKey: 0, with: [6, 7, 19, 7])
        let reports = try await kafka.produce(
            (0..<400).map { KafkaOutgoingMessage(topic: topic, key: "k\($0 % 11)", value: "m\($0)") })
        #expect(reports.count == 400)

        // Fetch (API 1): NOT_LEADER_FOR_PARTITION, UNKNOWN_TOPIC_OR_PARTITION (3).
        kafka.cluster.failNextRequests(apiKey: 1, with: [6, 3, 6])
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic])
        defer { consumer.close() }
        let received = try await KafkaHarness.collect(consumer, count: 400)
        #expect(received.count == 400)
        #expect(Set(received.map(\.value)) == Set((0..<400).map { "m\($0)" }))
        let extra = try await KafkaHarness.collect(consumer, count: 1, timeout: .seconds(2))
        #expect(extra.isEmpty)
    }
}
