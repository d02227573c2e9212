import BrushfireCore
import BrushfireTestKit
import Foundation
import Prometheus
import Testing

@testable import BrushfireKafka
@testable import BrushfireRuntime

/// Fatal Kafka errors stop the daemon with a message naming what to fix; transient ones are counted and it goes on.
@Suite("The daemon stops on fatal Kafka errors and counts transient ones")
struct DaemonFatalErrorTests {
    static func metrics(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test(.enabled(if: StateKillTests.executable != nil, "the brushfire executable is not built"))
    func brushfireRunExitsWithStatus3NamingATopicThatNeverAppears() async throws {
        let kafka = try KafkaHarness()
        let topic = KafkaHarness.uniqueName("missing")
        // The embedded cluster creates topics on first use; a real one without auto-creation answers like this.
        kafka.cluster.setTopicError(topic, code: 3)
        let group = KafkaHarness.uniqueName("g")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StateKillTests.executable!)
        process.arguments =
            [
                "run", "--brokers", kafka.brokers, "--topic", topic, "--group", group, "--alerts-topic", "",
                "--dead-letter-topic", "", "--missing-topic-grace-ms", "2000", "--stats-interval-ms", "0",
            ]
            + KafkaHarness.fastGroupProperties(group: group).filter { $0.key != "group.id" }.flatMap {
                ["-X", "\($0.key)=\($0.value)"]
            }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let exited = await StateKillTests.wait(timeout: .seconds(60)) { !process.isRunning }
        if !exited { process.terminate() }
        process.waitUntilExit()
        let output = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(exited)
        #expect(process.terminationStatus == 3)
        #expect(output.contains("brushfire run: stopped by a fatal Kafka consumer error (unknown_topic)"))
        #expect(output.contains("topic \(topic) does not exist"))
        #expect(output.contains(kafka.brokers))
        #expect(output.contains("--topic"))
    }

    @Test func aFatalIdempotenceErrorOfTheProducerStopsTheDaemonWithThatError() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 2)
        let alertsTopic = try kafka.makeTopic("alerts", partitions: 1)
        try await kafka.produce(Array(DaemonSeed.messages(topic: topic).prefix(500)))
        let registry = PrometheusCollectorRegistry()
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), alertsTopic: alertsTopic,
            metricsRegistry: registry)
        #expect(await daemon.wait(until: { $0.consumed >= 500 }))

        try #require(daemon.daemon.producer).raiseFatalError("sequence number gap on alerts")
        let outcome = await daemon.task.result
        await daemon.daemon.close()
        guard case .failure(let error) = outcome, let fatal = error as? KafkaClientError else {
            Issue.record("the daemon did not stop with the fatal error: \(outcome)")
            return
        }
        #expect(fatal.isFatal)
        #expect(fatal.client == .producer)
        #expect(fatal.description.contains("sequence number gap on alerts"))
        #expect(fatal.description.contains(kafka.brokers))
        #expect(Self.metrics(registry).contains(#"brushfire_kafka_errors_total{client="producer",kind="fatal"} 1"#))
    }

    @Test func aBrokerDownIsCountedByKindAndTheDaemonGoesOn() async throws {
        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 2)
        let messages = DaemonSeed.messages(topic: topic)
        try await kafka.produce(Array(messages.prefix(1000)))
        let registry = PrometheusCollectorRegistry()
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), metricsRegistry: registry)
        #expect(await daemon.wait(until: { $0.consumed >= 1000 }))
        try kafka.cluster.setBrokerDown(1)
        try await Task.sleep(for: .seconds(3))
        try kafka.cluster.setBrokerUp(1)
        try await kafka.produce(Array(messages[1000..<2000]))
        #expect(await daemon.wait(until: { $0.consumed >= 2000 }))
        let text = Self.metrics(registry)
        #expect(text.contains(#"brushfire_kafka_errors_total{client="consumer",kind="#))
        #expect(!text.contains(#"kind="fatal""#))
        try await daemon.stop()
    }
}
