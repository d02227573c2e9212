import BrushfireKafka
import BrushfireTestKit
import Synchronization
import Testing

/// Consumers closed while their group rebalances: every close must answer the rebalance events librdkafka raises
/// during it and finish, and no close may abort the process (librdkafka asserts in `rd_kafka_cgrp_terminated`
/// when a handle is destroyed with an assignment in progress).
@Suite("Kafka consumers closed in the middle of rebalances")
struct KafkaCloseTests {
    /// One member of the group: its consumer, and a task reading its events as an application would.
    struct Member {
        let consumer: KafkaConsumer
        let reader: Task<Void, Never>
        /// Set once the member has been given its first partitions: until then its group is rebalancing.
        let assigned: Flag

        static func join(_ kafka: KafkaHarness, topic: String, group: String, strategy: String) throws -> Member {
            let consumer = try KafkaConsumer(
                configuration: kafka.consumerConfiguration(group: group).merging([
                    "partition.assignment.strategy": strategy
                ]),
                topics: [topic], pollInterval: .milliseconds(20), closeTimeout: .seconds(20))
            let assigned = Flag()
            let reader = Task {
                while let event = await consumer.next() {
                    switch event {
                    case .batch(let batch):
                        var offsets: [TopicPartition: Int64] = [:]
                        for record in batch.records { offsets[batch.topicPartition(of: record)] = record.offset + 1 }
                        try? consumer.storeOffsets(offsets)
                    case .revoked(_, _, let revocation): revocation.done()
                    case .assigned: assigned.set()
                    case .error: break
                    }
                }
            }
            return Member(consumer: consumer, reader: reader, assigned: assigned)
        }

        func close(commit: Bool) async -> KafkaConsumerCloseReport {
            let report = await consumer.shutdown(commit: commit)
            await reader.value
            return report
        }
    }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    /// A small deterministic generator, so that a failing run can be repeated.
    struct Random {
        var state: UInt64
        mutating func next(below bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    struct Outcome: Sendable {
        var closes = 0
        var cleanCloses = 0
        var closedByLibrary = 0
        /// Closes made while the group was rebalancing: the member that joined last had no partitions yet.
        var duringRebalance = 0
        /// Closes that had an assignment to answer while leaving (cooperative rebalancing hands them out late).
        var answeredAssignment = 0
        var slowest: Duration = .zero
        var groupHealthy = false

        mutating func record(_ report: KafkaConsumerCloseReport, clean: Bool, rebalancing: Bool = false) {
            closes += 1
            if clean { cleanCloses += 1 }
            if clean && report.closedByLibrary { closedByLibrary += 1 }
            if rebalancing { duringRebalance += 1 }
            if report.assignmentsAnswered > 0 { answeredAssignment += 1 }
            slowest = max(slowest, report.elapsed)
        }
    }

    /// Churns one group: a member joins (a rebalance starts), and after a random moment within it another member is
    /// closed — cleanly most of the time, abruptly (as a crash) every fourth time. Returns what the closes did.
    static func churn(
        _ kafka: KafkaHarness, topic: String, partitions: Int, strategy: String, rounds: Int, seed: UInt64
    ) async throws -> Outcome {
        let group = KafkaHarness.uniqueName("churn")
        var random = Random(state: seed)
        var members = [try Member.join(kafka, topic: topic, group: group, strategy: strategy)]
        var outcome = Outcome()
        for round in 0..<rounds {
            members.append(try Member.join(kafka, topic: topic, group: group, strategy: strategy))
            try await Task.sleep(for: .milliseconds(100 + random.next(below: 900)))
            let victim = members.remove(at: random.next(below: members.count - 1))
            let commit = round % 4 != 3
            let rebalancing = !members.last!.assigned.isSet
            outcome.record(await victim.close(commit: commit), clean: commit, rebalancing: rebalancing)
        }
        // The group still works: the members left end up holding every partition between them.
        let all = Set((0..<partitions).map { TopicPartition(topic, Int32($0)) })
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let held = members.map(\.consumer.assignment)
            if held.reduce(Set(), { $0.union($1) }) == all && held.reduce(0, { $0 + $1.count }) == all.count {
                outcome.groupHealthy = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        for member in members {
            outcome.record(await member.close(commit: true), clean: true)
        }
        return outcome
    }

    @Test(
        "Consumers stopped in the middle of rebalances dozens of times close without an abort",
        arguments: ["cooperative-sticky", "range"])
    func stoppedMidRebalance(strategy: String) async throws {
        let kafka = try KafkaHarness()
        let partitions = 6
        let topic = try kafka.makeTopic(partitions: partitions)
        try await kafka.produce(
            (0..<600).map { KafkaOutgoingMessage(topic: topic, key: "k\($0 % 13)", value: "m\($0)") })
        // Three groups churn at once, so that dozens of closes fit in well under a minute.
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { tasks in
            for seed in 1...3 {
                tasks.addTask {
                    try await Self.churn(
                        kafka, topic: topic, partitions: partitions, strategy: strategy, rounds: 8, seed: UInt64(seed))
                }
            }
            return try await tasks.reduce(into: [Outcome]()) { $0.append($1) }
        }
        let closes = outcomes.map(\.closes).reduce(0, +)
        let clean = outcomes.map(\.cleanCloses).reduce(0, +)
        let closedByLibrary = outcomes.map(\.closedByLibrary).reduce(0, +)
        let duringRebalance = outcomes.map(\.duringRebalance).reduce(0, +)
        let answeredAssignment = outcomes.map(\.answeredAssignment).reduce(0, +)
        let slowest = outcomes.map(\.slowest).max() ?? .zero
        print(
            "\(strategy): \(closes) closes (\(clean) clean), \(duringRebalance) during a rebalance, "
                + "\(answeredAssignment) answering an assignment while leaving, slowest \(slowest)")
        #expect(closes >= 24)
        // Every clean close finished with librdkafka reporting the consumer closed (none was abandoned)...
        #expect(closedByLibrary == clean)
        // ...and most of them really did land in a rebalance.
        #expect(duringRebalance >= closes / 2)
        #expect(outcomes.allSatisfy { $0.groupHealthy })
        #expect(slowest < .seconds(20))
    }
}
