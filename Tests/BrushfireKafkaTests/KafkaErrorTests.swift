import BrushfireTestKit
import Synchronization
import Testing

@testable import BrushfireKafka

/// Client errors as events: what is fatal and what is transient, against the mock cluster with injected faults.
@Suite("Kafka client errors reach the application, fatal or transient")
struct KafkaErrorTests {
    /// Reads events for at most `timeout`, acknowledging revocations, until `stop` says so; returns the errors seen
    /// and the number of records read.
    static func read(
        _ consumer: KafkaConsumer, timeout: Duration, until stop: ([KafkaClientError], Int) -> Bool = { _, _ in false }
    ) async -> (errors: [KafkaClientError], records: Int) {
        var errors: [KafkaClientError] = []
        var records = 0
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !stop(errors, records), let event = await consumer.next() {
            switch event {
            case .batch(let batch):
                records += batch.records.count
                var offsets: [TopicPartition: Int64] = [:]
                for record in batch.records { offsets[batch.topicPartition(of: record)] = record.offset + 1 }
                try? consumer.storeOffsets(offsets)
            case .assigned: break
            case .revoked(_, _, let revocation): revocation.done()
            case .error(let error): errors.append(error)
            }
        }
        return (errors, records)
    }

    @Test func aSubscribedTopicThatNeverAppearsIsFatalOnceItsGracePeriodHasPassed() async throws {
        let kafka = try KafkaHarness()
        let topic = KafkaHarness.uniqueName("never-created")
        // The embedded cluster creates topics on first use; a real one without auto-creation answers like this.
        kafka.cluster.setTopicError(topic, code: 3)
        let started = ContinuousClock.now
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic],
            missingTopicGrace: .seconds(2))
        defer { consumer.close() }
        let (errors, _) = await Self.read(consumer, timeout: .seconds(20)) { errors, _ in errors.contains { $0.isFatal }
        }
        let fatal = try #require(errors.first { $0.isFatal })
        #expect(ContinuousClock.now - started >= .seconds(2))
        #expect(fatal.kind == "unknown_topic")
        #expect(fatal.topic == topic)
        #expect(fatal.brokers == kafka.brokers)
        #expect(fatal.description.contains(topic))
        #expect(fatal.description.contains("missing_topic_grace_ms"))
        // Before that, librdkafka's own report of the missing topic came as a transient error.
        #expect(errors.contains { !$0.isFatal && $0.topic == topic })
    }

    @Test func aTopicCreatedWithinItsGracePeriodIsConsumedWithoutAFatalError() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("late", partitions: 2)
        kafka.cluster.setTopicError(topic, code: 3)
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic],
            missingTopicGrace: .seconds(5))
        defer { consumer.close() }
        let creating = Task {
            try await Task.sleep(for: .seconds(1))
            // The topic appears.
            kafka.cluster.setTopicError(topic, code: 0)
            try await kafka.produce((0..<20).map { KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: "m\($0)") })
        }
        // Read past the grace period, to see that no fatal error comes once the topic exists.
        let (errors, records) = await Self.read(consumer, timeout: .seconds(8))
        try await creating.value
        #expect(records == 20)
        #expect(!errors.contains { $0.isFatal })
    }

    @Test func aBrokerDownIsATransientErrorAndConsumptionGoesOnWhenItIsBack() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 2)
        try await kafka.produce((0..<10).map { KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: "m\($0)") })
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic])
        defer { consumer.close() }
        let before = await Self.read(consumer, timeout: .seconds(20)) { _, records in records >= 10 }
        #expect(before.records == 10)

        try kafka.cluster.setBrokerDown(1)
        let during = await Self.read(consumer, timeout: .seconds(3))
        try kafka.cluster.setBrokerUp(1)
        #expect(!during.errors.isEmpty)
        #expect(!during.errors.contains { $0.isFatal })
        #expect(during.errors.allSatisfy { $0.brokers == kafka.brokers && $0.client == .consumer })

        try await kafka.produce((10..<20).map { KafkaOutgoingMessage(topic: topic, key: "k\($0)", value: "m\($0)") })
        let after = await Self.read(consumer, timeout: .seconds(30)) { _, records in records >= 10 }
        #expect(after.records >= 10)
        #expect(!after.errors.contains { $0.isFatal })
    }

    @Test func aGroupAuthorizationFailureIsFatal() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        // JoinGroup (API 11) answered with GROUP_AUTHORIZATION_FAILED (30), as a broker whose ACLs refuse the group.
        kafka.cluster.failNextRequests(apiKey: 11, with: Array(repeating: 30, count: 50))
        let consumer = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: KafkaHarness.uniqueName("g")), topics: [topic])
        defer { consumer.close() }
        let (errors, _) = await Self.read(consumer, timeout: .seconds(20)) { errors, _ in errors.contains { $0.isFatal }
        }
        let fatal = try #require(errors.first { $0.isFatal })
        #expect(fatal.kind == "group_authorization_failed")
        #expect(fatal.description.contains("ACLs"))
    }

    @Test func aFatalIdempotenceErrorReachesTheProducersHandlerAndFailsLaterSends() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        let reported = Mutex<[KafkaClientError]>([])
        let producer = try KafkaProducer(
            configuration: kafka.producerConfiguration, onError: { error in reported.withLock { $0.append(error) } })
        defer { producer.close() }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: "before"))

        producer.raiseFatalError("sequence gap")
        let deadline = ContinuousClock.now + .seconds(10)
        while reported.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let fatal = try #require(reported.withLock { $0.first })
        #expect(fatal.isFatal)
        #expect(fatal.client == .producer)
        #expect(fatal.description.contains("sequence gap"))
        #expect(fatal.description.contains(kafka.brokers))
        await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: "after"))
        }
    }

    @Test func aFullLocalQueueSuspendsSendsUntilTheBrokerIsBack() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        let producer = try KafkaProducer(
            configuration: kafka.producerConfiguration.merging(["queue.buffering.max.messages": "5"]))
        defer { producer.close() }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: "warm-up"))
        try kafka.cluster.setBrokerDown(1)
        let sending = Task {
            try await producer.send((0..<40).map { KafkaOutgoingMessage(topic: topic, key: "k", value: "m\($0)") })
        }
        try await Task.sleep(for: .seconds(2))
        // Waiting for room: some messages are in the queue, the rest not enqueued yet.
        #expect(producer.outstandingCount == 5)
        try kafka.cluster.setBrokerUp(1)
        let reports = try await sending.value
        #expect(reports.count == 40)
        #expect(reports.map(\.offset) == (1...40).map { Int64($0) })
    }

    @Test func aQueueThatStaysFullFailsTheSendWithAnErrorNamingTheBrokers() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        let producer = try KafkaProducer(
            configuration: kafka.producerConfiguration.merging([
                "queue.buffering.max.messages": "3", "message.timeout.ms": "3000",
            ]), queueFullTimeout: .seconds(1))
        defer { producer.close(timeout: .zero) }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: "warm-up"))
        try kafka.cluster.setBrokerDown(1)
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send((0..<10).map { KafkaOutgoingMessage(topic: topic, key: "k", value: "m\($0)") })
        }
        #expect(error?.name == "_QUEUE_FULL")
        #expect(error?.message.contains("stayed full") == true)
        #expect(error?.message.contains(kafka.brokers) == true)
        try kafka.cluster.setBrokerUp(1)
    }

    @Test func flushSuspendsUntilMessagesAreSettledAndGivesUpAtItsLimit() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic(partitions: 1)
        let producer = try KafkaProducer(configuration: kafka.producerConfiguration)
        defer { producer.close() }
        _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: "warm-up"))
        try kafka.cluster.setBrokerDown(1)
        try await producer.enqueue(KafkaOutgoingMessage(topic: topic, key: "k", value: "pending"))
        let error = await #expect(throws: KafkaError.self) { try await producer.flush(timeout: .seconds(1)) }
        #expect(error?.message.contains("1 messages still outstanding") == true)
        try kafka.cluster.setBrokerUp(1)
        try await producer.flush(timeout: .seconds(30))
        #expect(producer.outstandingCount == 0)
        #expect(producer.undeliveredCount == 0)
    }
}
