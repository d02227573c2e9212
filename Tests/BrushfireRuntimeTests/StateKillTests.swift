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

    static func launch(
        brokers: String, topic: String, group: String, state: String, alerts: String, log: String
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments =
            [
                "run", "--brokers", brokers, "--topic", topic, "--group", group, "--alerts-topic", "",
                "--dead-letter-topic", "", "--alerts", alerts, "--state", state, "--checkpoint-interval-ms", "100",
                "--idle-after-ms", "500", "--stats-interval-ms", "0", "--log-level", "info",
                // Small fetches so that the stream takes a while and the kill lands in the middle of it.
                "-X", "max.partition.fetch.bytes=4096",
            ]
            + KafkaHarness.fastGroupProperties(group: group).filter { $0.key != "group.id" }.flatMap {
                ["-X", "\($0.key)=\($0.value)"]
            }
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        return process
    }

    static func wait(
        timeout: Duration = .seconds(90), poll: Duration = .milliseconds(50), until condition: () -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: poll)
        }
        return condition()
    }

    @Test(
        .enabled(if: executable != nil, "the brushfire executable is not built"),
        .serialized, arguments: [0.3, 0.55])
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
        let split = Int64(Double(messages.count) * fraction)
        // The whole stream is in the topic before the daemon starts: a partition that went idle between two
        // produced parts would have its next events judged late once the others moved event time on, which no
        // uninterrupted replay does. Produced in small chunks, it is stored as small record batches, so that
        // small fetches from a slow broker return a few dozen records each and reading takes several seconds;
        // the daemon is killed as soon as its files reflect `split` records.
        for start in stride(from: 0, to: messages.count, by: 100) {
            _ = try await kafka.produce(Array(messages[start..<min(start + 100, messages.count)]))
        }
        try kafka.cluster.setRoundTrip(1, .milliseconds(40))

        let first = try Self.launch(
            brokers: kafka.brokers, topic: topic, group: group, state: state, alerts: alerts,
            log: directory.file("first.log"))
        let reachedSplit = await Self.wait(poll: .milliseconds(10)) { checkpointedOffsets(state) >= split }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let killedAt = checkpointedOffsets(state)
        #expect(reachedSplit)
        #expect(killedAt < total, "the kill landed after the whole stream was checkpointed")

        let second = try Self.launch(
            brokers: kafka.brokers, topic: topic, group: group, state: state, alerts: alerts,
            log: directory.file("second.log"))
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
        let passed =
            reachedSplit && killedAt < total && finished && second.terminationStatus == 0 && got == expected
        if !passed {
            print("killed at \(killedAt) of \(total) records (split \(split))")
            for name in ["first.log", "second.log"] {
                print("--- \(name)\n" + ((try? String(contentsOfFile: directory.file(name), encoding: .utf8)) ?? ""))
            }
        }
    }
}
