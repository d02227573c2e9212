import BrushfireKafka
import Logging
import ServiceLifecycle

/// `brushfire broker`: keeps an embedded Kafka cluster up until graceful shutdown (SIGINT/SIGTERM).
public struct EmbeddedBrokerService: Service {
    public let cluster: EmbeddedKafkaCluster

    public init(cluster: EmbeddedKafkaCluster) {
        self.cluster = cluster
    }

    public func run() async throws {
        try? await gracefulShutdown()
        cluster.close()
    }

    /// Runs the cluster until SIGINT or SIGTERM.
    public static func runUntilSignalled(_ cluster: EmbeddedKafkaCluster, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [EmbeddedBrokerService(cluster: cluster)], logger: logger)
        configuration.gracefulShutdownSignals = [.sigint, .sigterm]
        try await ServiceGroup(configuration: configuration).run()
    }
}
