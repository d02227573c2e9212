import BrushfireKafka
import BrushfireTestKit
import Testing

@Suite("Kafka consumer groups: partition split, takeover and committed offsets")
struct KafkaGroupTests {
    /// Reads events until `assignment` satisfies `condition`, acknowledging revocations; returns the messages read.
    static func pump(
        _ consumer: KafkaConsumer, until condition: @Sendable (Set<TopicPartition>) -> Bool,
        timeout: Duration = .seconds(30)
    ) async -> Int {
        var count = 0
        let deadline = ContinuousClock.now + timeout
        while !condition(consumer.assignment), ContinuousClock.now < deadline, let event = await consumer.next() {
            switch event {
            case .batch(let batch): count += batch.records.count
            case .assigned, .error: break
            case .revoked(_, _, let revocation): revocation.done()
            }
        }
        return count
    }

    @Test func twoMembersSplitThePartitionsAndOneTakesOverWhenTheOtherLeaves() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 4)
        let group = KafkaHarness.uniqueName("g")
        let all = Set((0..<4).map { TopicPartition(topic, Int32($0)) })
        let first = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), topics: [topic])
        _ = await Self.pump(first, until: { $0 == all })
        #expect(first.assignment == all)

        let second = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), topics: [topic])
        // Both must keep polling until the rebalance has settled on both sides.
        let split: @Sendable (Set<TopicPartition>) -> Bool = { _ in
            first.assignment.count == 2 && second.assignment.count == 2
        }
        async let firstShare = Self.pump(first, until: split)
        _ = await Self.pump(second, until: split)
        _ = await firstShare
        #expect(first.assignment.count == 2)
        #expect(second.assignment.count == 2)
        #expect(first.assignment.union(second.assignment) == all)
        #expect(first.assignment.isDisjoint(with: second.assignment))

        second.close()
        _ = await Self.pump(first, until: { $0 == all })
        #expect(first.assignment == all)
        first.close()
    }

    @Test func aRestartResumesAtTheStoredOffsetsAfterACleanClose() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 2)
        let group = KafkaHarness.uniqueName("g")
        try await kafka.produce(
            (0..<200).map { KafkaOutgoingMessage(topic: topic, key: "k\($0 % 5)", value: "m\($0)") })

        let first = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), topics: [topic])
        let all = try await KafkaHarness.collect(first, count: 200)
        #expect(all.count == 200)
        first.close(commit: true)

        try await kafka.produce(
            (200..<250).map { KafkaOutgoingMessage(topic: topic, key: "k\($0 % 5)", value: "m\($0)") })
        let second = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), topics: [topic])
        defer { second.close() }
        let rest = try await KafkaHarness.collect(second, count: 50)
        #expect(Set(rest.map(\.value)) == Set((200..<250).map { "m\($0)" }))
        // Nothing more arrives: the first 200 are not redelivered.
        let extra = try await KafkaHarness.collect(second, count: 1, timeout: .seconds(3))
        #expect(extra.isEmpty)
    }

    @Test func anAbruptCloseRedeliversOnlyWhatWasNotCommitted() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        let group = KafkaHarness.uniqueName("g")
        try await kafka.produce((0..<100).map { KafkaOutgoingMessage(topic: topic, key: nil, value: "m\($0)") })
        let tp = TopicPartition(topic, 0)

        // No auto-commit here, so that offset 70 is stored and certainly never committed.
        let first = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: group).merging(["enable.auto.commit": "false"]),
            topics: [topic])
        _ = try await KafkaHarness.collect(first, count: 100, storeOffsets: false)
        try first.storeOffsets([tp: 40])
        try first.commit()
        try first.storeOffsets([tp: 70])  // stored, never committed
        first.close(commit: false)

        let second = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), topics: [topic])
        defer { second.close() }
        let redelivered = try await KafkaHarness.collect(second, count: 60)
        #expect(redelivered.map(\.value) == (40..<100).map { "m\($0)" })
    }
}
