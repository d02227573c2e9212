import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSimulator
import BrushfireTestKit
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `brushfire run --state` as a child process, so that it can be killed with SIGKILL mid-stream.
@Suite("The daemon killed with SIGKILL resumes from its state directory")
struct StateKillTests {
    /// The `brushfire` executable built beside the test bundle.
    static let executable: String? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("brushfire").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    static func launch(brokers: String, topic: String, group: String, state: String, alerts: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments =
            [
                "run", "--brokers", brokers, "--topic", topic, "--group", group, "--alerts-topic", "",
                "--dead-letter-topic", "", "--alerts", alerts, "--state", state, "--checkpoint-interval-ms", "100",
                "--idle-after-ms", "500", "--stats-interval-ms", "0", "--log-level", "warning",
                // Small fetches so that the stream takes a while and the kill lands in the middle of it.
                "-X", "max.partition.fetch.bytes=4096",
            ]
            + KafkaHarness.fastGroupProperties(group: group).filter { $0.key != "group.id" }.flatMap {
                ["-X", "\($0.key)=\($0.value)"]
            }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func wait(timeout: Duration = .seconds(90), until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test(
        .enabled(if: executable != nil, "the brushfire executable is not built"),
        arguments: [0.3, 0.55])
    func killedAndRestartedRaisesWhatOneRunRaises(killAt fraction: Double) async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 3)
        let group = KafkaHarness.uniqueName("g")
        let directory = try TemporaryDirectory("brushfire-kill")
        defer { directory.remove() }
        let state = directory.file("state")
        let alerts = directory.file("alerts.jsonl")
        let messages = DaemonSeed.messages(topic: topic)
        let total = Int64(messages.count)
        let split = Int(Double(messages.count) * fraction)
        try await kafka.produce(Array(messages[..<split]))
        try kafka.cluster.setRoundTrip(1, .milliseconds(40))

        // The first daemon catches up with the first part; the rest arrives and it is killed while reading it.
        let first = try Self.launch(brokers: kafka.brokers, topic: topic, group: group, state: state, alerts: alerts)
        let caughtUp = await Self.wait { checkpointedOffsets(state) >= Int64(split) }
        try await kafka.produce(Array(messages[split...]))
        _ = await Self.wait(timeout: .seconds(5)) { checkpointedOffsets(state) > Int64(split) }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(caughtUp)
        #expect(checkpointedOffsets(state) < total)

        let second = try Self.launch(brokers: kafka.brokers, topic: topic, group: group, state: state, alerts: alerts)
        let finished = await Self.wait { checkpointedOffsets(state) >= total }
        try await Task.sleep(for: .seconds(1))
        kill(second.processIdentifier, SIGTERM)
        second.waitUntilExit()
        #expect(finished)
        #expect(second.terminationStatus == 0)

        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map(String.init)
        var got = finalAlertsByID(lines: lines)
        for alert in try finishFromState(state) { got[alert.alertID] = alert.jsonLine() }
        let expected = finalAlertsByID(lines: DaemonSeed.replayAlerts)
        #expect(Set(got.keys) == Set(expected.keys))
        #expect(got == expected)
    }
}
