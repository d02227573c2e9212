import BrushfireKafka
import BrushfireRuntime
import BrushfireTestKit
import Foundation
import Testing

/// kcat, the everyday Kafka command-line client, against the daemon and its embedded cluster.
@Suite("Real Kafka clients interoperate with the embedded cluster")
struct DaemonKcatTests {
    static let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcat!)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: kcat != nil, "kcat is not installed"))
    func kcatProducesEventsAndReadsTheAlertsTopic() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 3)
        let alertsTopic = try kafka.makeTopic("alerts", partitions: 1)
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), alertsTopic: alertsTopic)

        // kcat -P with a tab between key (shop id) and value (the event), one message per line.
        let input = DaemonSeed.events.map { "\($0.shopID)\t\($0.jsonLine())" }.joined(separator: "\n") + "\n"
        _ = try Self.run(["-b", kafka.brokers, "-P", "-t", topic, "-K", "\t"], input: input)
        #expect(await daemon.wait(until: { $0.consumed >= DaemonSeed.events.count }))
        try await daemon.stop()
        #expect(daemon.statistics.consumed == DaemonSeed.events.count)

        let lines = try Self.run(
            ["-b", kafka.brokers, "-C", "-t", alertsTopic, "-o", "beginning", "-e", "-q", "-f", "%s\n"]
        ).split(separator: "\n").map(String.init)
        #expect(lines.sorted() == DaemonSeed.replayAlerts.sorted())
    }
}
