import ArgumentParser
import BrushfireKafka
import BrushfireRuntime
import Foundation

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka (librdkafka's mock cluster) on 127.0.0.1 until SIGINT.",
        discussion: """
            Prints the bootstrap address on stdout (one line), then serves the Kafka protocol to any client: \
            `brushfire run --brokers ADDR`, `brushfire produce`, kcat. The mock keeps about 5 MiB per partition, \
            older data is dropped: give busy topics enough partitions. Data lives in memory only.
            """
    )

    @Option(name: .customLong("topic"), help: "Topic to create (repeat for several).")
    var topics: [String] = ["brushfire.events", "brushfire.alerts", "brushfire.dead-letter"]

    @Option(help: "Partitions per created topic.")
    var partitions: Int = 8

    @Option(help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(
        name: .customLong("round-trip-ms"),
        help: "Latency added to every response of every broker.")
    var roundTripMillis: Int = 0

    @Option(
        name: .customLong("fetch-delay-ms"),
        help: "Latency added to the Fetch responses only (the next 200,000), to slow reading down in soak tests.")
    var fetchDelayMillis: Int = 0

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "warning"

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        guard roundTripMillis >= 0 else { throw ValidationError("--round-trip-ms must not be negative") }
        guard fetchDelayMillis >= 0 else { throw ValidationError("--fetch-delay-ms must not be negative") }
    }

    func run() async throws {
        let logger = try RunCommand.bootstrapLogging(level: logLevel, label: "brushfire.broker")
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
        for topic in topics { try cluster.createTopic(topic, partitions: partitions) }
        if roundTripMillis > 0 {
            for broker in 1...brokers { try cluster.setRoundTrip(Int32(broker), .milliseconds(roundTripMillis)) }
        }
        if fetchDelayMillis > 0 {
            for broker in 1...brokers {
                try cluster.delayRequests(
                    Int32(broker), apiKey: 1, count: 200_000, by: .milliseconds(fetchDelayMillis))
            }
        }
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        Stderr.line(
            "embedded Kafka at \(cluster.bootstrapServers): topics \(topics.joined(separator: ", ")) with \(partitions) "
                + "partitions each; Ctrl-C to stop")
        try await EmbeddedBrokerService.runUntilSignalled(cluster, logger: logger)
    }
}
