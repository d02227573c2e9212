import ArgumentParser
import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import Foundation

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Publish recorded JSON-lines event logs into a Kafka topic (key = shop_id).",
        discussion: """
            Every non-blank line becomes one message, valid or not (invalid lines have no key), so a log with \
            errors exercises the daemon's dead-letter topic. --rate paces the stream in messages per second; \
            without it the log is sent as fast as the broker takes it.
            """
    )

    @Argument(help: "Event logs (JSON lines; '-' for stdin; .gz accepted).")
    var inputs: [String]

    @Option(help: "Topic to publish to.")
    var topic: String

    @Option(help: "Kafka bootstrap servers (default: BRUSHFIRE_BROKERS).")
    var brokers: String?

    @Option(help: "Messages per second (default: as fast as possible).")
    var rate: Double?

    @Flag(
        name: .customLong("no-key"),
        help:
            "Send without keys, spreading events over all partitions (for benchmarks: one busy shop is one hot partition)."
    )
    var noKey = false

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("librdkafka producer property, NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var properties: [String] = []

    @Flag(help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
    }

    func run() async throws {
        guard let brokers = brokers ?? ProcessInfo.processInfo.environment["BRUSHFIRE_BROKERS"] else {
            throw ValidationError("no Kafka brokers: pass --brokers or set BRUSHFIRE_BROKERS")
        }
        var configuration = KafkaConfiguration(
            brokers: brokers,
            ["linger.ms": "5", "batch.num.messages": "10000", "queue.buffering.max.messages": "1000000"])
        for property in properties {
            let (name, value) = try RunCommand.splitProperty(property)
            configuration[name] = value
        }
        let producer = try KafkaProducer(configuration: configuration)
        let decoder = EventDecoder()
        let clock = ContinuousClock()
        let started = clock.now
        var sent = 0
        for path in inputs {
            var reader: LineReader
            do { reader = try LineReader(path: path) } catch { throw ValidationError(error.description) }
            _ = try reader.forEachLine { line, _ in
                guard case .text(let bytes) = line, bytes.contains(where: { $0 > 0x20 }) else { return true }
                var key: String?
                if !noKey, case .success(let event) = decoder.decode(bytes) { key = event.shopID }
                if let key {
                    var key = key
                    try key.withUTF8 { key in
                        try producer.enqueue(topic: topic, key: UnsafeRawBufferPointer(key), value: bytes)
                    }
                } else {
                    try producer.enqueue(topic: topic, key: nil, value: bytes)
                }
                sent += 1
                if let rate, sent & 63 == 0 {
                    let due = started + .milliseconds(Int64(Double(sent) / rate * 1000))
                    let ahead = due - clock.now
                    if ahead > .milliseconds(1) {
                        Thread.sleep(
                            forTimeInterval: Double(ahead.components.attoseconds) / 1e18
                                + Double(ahead.components.seconds))
                    }
                }
                return true
            }
        }
        try await producer.flush(timeout: .seconds(120))
        let failed = producer.undeliveredCount
        producer.close()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if !quiet {
            Stderr.line(
                "produce: \(sent - failed) of \(sent) messages to \(topic) in \(String(format: "%.2f", seconds)) s "
                    + "(\(Int(Double(sent) / max(seconds, 0.001))) msgs/s)")
        }
        if failed > 0 { throw ExitCode.failure }
    }
}
