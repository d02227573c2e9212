import BrushfireKafka
import BrushfireTestKit
import Testing

@Suite("Kafka produce and consume round trips against the embedded cluster")
struct KafkaRoundTripTests {
    @Test func messagesKeysAndHeadersSurviveTheRoundTrip() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 4)
        let sent = (0..<500).map { index in
            KafkaOutgoingMessage(
                topic: topic, key: "shop-\(index % 7)", value: #"{"n":\#(index)}"#,
                headers: [KafkaHeader("n", "\(index)"), KafkaHeader("empty", nil)])
        }
        let reports = try await kafka.produce(sent)
        #expect(reports.count == 500)
        #expect(Set(reports.map(\.partition)).count > 1)

        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic],
            includeHeaders: true)
        defer { consumer.close() }
        let received = try await KafkaHarness.collect(consumer, count: 500)

        #expect(received.count == 500)
        let expected = Set(sent.map { String(decoding: $0.value, as: UTF8.self) })
        #expect(Set(received.map(\.value)).symmetricDifference(expected).isEmpty)
        for message in received {
            let n = message.headers.string("n")!
            #expect(message.value == #"{"n":\#(n)}"#)
            #expect(message.key == "shop-\(Int(n)! % 7)")
            #expect(message.headers.contains(KafkaHeader("empty", nil)))
        }
        // One key always lands on one partition, in produce order.
        let byKey = Dictionary(grouping: received, by: { $0.key! })
        for (_, messages) in byKey {
            #expect(Set(messages.map(\.topicPartition)).count == 1)
            let numbers = messages.map { Int($0.headers.string("n")!)! }
            #expect(numbers == numbers.sorted())
        }
    }

    @Test func batchesReportPartitionsThatReachedTheirEnd() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 3)
        try await kafka.produce([KafkaOutgoingMessage(topic: topic, value: Array("x".utf8), partition: 1)])
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic])
        defer { consumer.close() }

        var atEnd: Set<TopicPartition> = []
        let deadline = ContinuousClock.now + .seconds(20)
        while atEnd.count < 3, ContinuousClock.now < deadline, let event = await consumer.next() {
            if case .batch(let batch) = event { atEnd.formUnion(batch.partitionsAtEnd) }
        }
        #expect(atEnd == Set((0..<3).map { TopicPartition(topic, $0) }))
    }

    @Test func anUnknownPropertyIsRejectedByName() {
        #expect {
            _ = try KafkaProducer(configuration: KafkaConfiguration(["no.such.property": "1"]))
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.property") == true
        }
    }

    @Test func aConsumerNeedsAGroup() {
        #expect(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: KafkaConfiguration(brokers: "127.0.0.1:1"), topics: ["t"])
        }
    }
}
