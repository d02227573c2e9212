import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSimulator
import BrushfireSinks
import BrushfireTestKit
import Foundation
import ServiceLifecycle
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RunningDaemon {
    /// A daemon with a state directory, checkpointing every 200 ms.
    static func start(
        _ kafka: KafkaHarness, topic: String, group: String, state: String, instance: String = "main",
        sinks: [any AlertSink], idleAfter: Duration = .milliseconds(500)
    ) throws -> RunningDaemon {
        var configuration = DaemonConfiguration()
        configuration.brokers = kafka.brokers
        configuration.topics = [topic]
        configuration.group = group
        configuration.alertsTopic = nil
        configuration.deadLetterTopic = nil
        configuration.consumerProperties = KafkaHarness.fastGroupProperties(group: group)
        configuration.idleAfter = idleAfter
        configuration.statsInterval = .zero
        configuration.maxBatch = 500
        var settings = StateConfiguration(path: state)
        settings.instance = instance
        settings.interval = .milliseconds(200)
        configuration.state = settings
        let daemon = try BrushfireDaemon(configuration: configuration, rules: .defaults, sinks: sinks)
        let serviceGroup = daemon.makeServiceGroup(gracefulShutdownSignals: [])
        let task = Task { try await serviceGroup.run() }
        return RunningDaemon(daemon: daemon, task: task, group: ServiceGroupHandle(group: serviceGroup))
    }
}

@Suite("The daemon's state survives restarts and moves with its partitions")
struct StateDaemonTests {
    static let total = DaemonSeed.events.count

    /// Stop points: seeded random ones and one in the middle of the seed burst.
    static let stopPoints: [Int] = {
        var random = SplitMix64(seed: 0xd0d0)
        return [Int(random.next() % UInt64(total - 200)) + 100, StateReplayTests.burstIndices[1]]
    }()

    @Test(
        "Stopped and started again with --state, the daemon raises what one uninterrupted run raises",
        arguments: stopPoints)
    func stopAndStart(after stop: Int) async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 3)
        let group = KafkaHarness.uniqueName("g")
        let state = try TemporaryDirectory("brushfire-state")
        defer { state.remove() }
        try await kafka.produce(DaemonSeed.messages(topic: topic))

        let firstSink = CollectingAlertSink()
        let first = try RunningDaemon.start(kafka, topic: topic, group: group, state: state.path, sinks: [firstSink])
        #expect(await first.wait(until: { $0.consumed >= stop }))
        try await first.stop()
        let consumedFirst = first.statistics.consumed
        #expect(checkpointedOffsets(state.path) == Int64(consumedFirst))

        let secondSink = CollectingAlertSink()
        let second = try RunningDaemon.start(kafka, topic: topic, group: group, state: state.path, sinks: [secondSink])
        #expect(await second.wait(until: { $0.consumed >= Self.total - consumedFirst }))
        try await Task.sleep(for: .seconds(1))
        try await second.stop()
        // Nothing was read twice and nothing skipped: the second run started where the checkpoint was written.
        #expect(second.statistics.consumed == Self.total - consumedFirst)

        let alerts = firstSink.alerts + secondSink.alerts + (try finishFromState(state.path))
        let expected = finalAlertsByID(lines: DaemonSeed.replayAlerts)
        #expect(Set(alerts.map(\.alertID)) == Set(expected.keys))
        #expect(finalAlertsByID(alerts) == expected)
    }

    @Test("A partition moved to a second instance sharing the state directory continues its windows there")
    func aMovedPartitionContinuesItsWindows() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 4)
        let group = KafkaHarness.uniqueName("g")
        let state = try TemporaryDirectory("brushfire-state")
        defer { state.remove() }
        // The victim of the seed attack lives on partition 0.
        let victim = String(
            try #require(
                DaemonSeed.replayAlerts.first { $0.contains(#""rule":"reverse_brushing""#) }.flatMap { field($0, "id") }
            ).filter { $0 != "\"" })
        let messages = DaemonSeed.events.map { event in
            KafkaOutgoingMessage(
                topic: topic, key: Array(event.shopID.utf8), value: Array(event.jsonLine().utf8),
                partition: event.shopID == victim ? 0 : Int32(1 + StableHash.of(event.shopID) % 3))
        }
        // The move happens in the middle of the burst, after its incident was opened on the first instance.
        let half = StateReplayTests.burstIndices[2]
        try await kafka.produce(Array(messages[..<half]))
        // No partition is ever taken for idle: every partition goes quiet at the end of the first part, and the
        // one whose second part arrived first would otherwise move event time on alone, past the next events of
        // the others (the victim's among them), which would then be refused as late. One uninterrupted replay
        // refuses none, so event time here waits for every partition, as it does in a file.
        let neverIdle = Duration.seconds(3600)

        let sinkA = CollectingAlertSink()
        let a = try RunningDaemon.start(
            kafka, topic: topic, group: group, state: state.path, instance: "a", sinks: [sinkA],
            idleAfter: neverIdle)
        #expect(await a.wait(until: { $0.consumed >= half }))
        try await Task.sleep(for: .seconds(1))
        let sinkB = CollectingAlertSink()
        let b = try RunningDaemon.start(
            kafka, topic: topic, group: group, state: state.path, instance: "b", sinks: [sinkB],
            idleAfter: neverIdle)
        #expect(await b.wait(until: { $0.assigned.count == 2 }))
        #expect(await a.wait(until: { $0.assigned.count == 2 }))
        // Then the first instance leaves: the second one is given every partition, the victim's among them
        // (moved either now, from the file written at shutdown, or at the join, from the one written on revocation).
        try await a.stop()
        #expect(await b.wait(until: { $0.assigned.count == 4 }))

        try await kafka.produce(Array(messages[half...]))
        #expect(await b.wait(until: { $0.consumed + a.statistics.consumed >= messages.count }))
        try await Task.sleep(for: .seconds(1))
        try await b.stop()
        // Each record was read once: B started every partition where A's checkpoint of it stopped.
        #expect(a.statistics.consumed + b.statistics.consumed == messages.count)

        // The victim's burst incident was opened by A and carried on by B under the same alert_id, and the reverse
        // brushing that only its refunds (read by B) reveal is judged against the burst A counted.
        let reference = finalAlertsByID(lines: DaemonSeed.replayAlerts.filter { $0.contains("\"id\":\"\(victim)\"") })
        let openedOnA = Set(sinkA.alerts.filter { $0.subject.id == victim }.map(\.alertID))
        let continuedOnB = Set(sinkB.alerts.filter { $0.subject.id == victim }.map(\.alertID))
        #expect(!openedOnA.isEmpty)
        #expect(!openedOnA.isDisjoint(with: continuedOnB))
        var got = finalAlertsByID(sinkA.alerts.filter { $0.subject.id == victim })
        got.merge(finalAlertsByID(sinkB.alerts.filter { $0.subject.id == victim })) { _, new in new }
        #expect(Set(got.keys) == Set(reference.keys))
        for (id, theirs) in reference {
            guard let mine = got[id] else { continue }
            for name in ["rule", "status", "orders", "burst_orders", "refunded_orders", "refunds"] {
                #expect(field(mine, name) == field(theirs, name), "\(id) \(name)")
            }
        }
    }

    func field(_ line: String, _ name: String) -> Substring? {
        guard let range = line.range(of: "\"\(name)\":") else { return nil }
        return line[range.upperBound...].prefix { $0 != "," && $0 != "}" }
    }
}
