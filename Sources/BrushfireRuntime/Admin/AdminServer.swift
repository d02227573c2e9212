import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// The admin HTTP server (Hummingbird) as a `Service` in the daemon's group: metrics, probes, the query API and
/// the live page, all answered from the ingest loop's latest snapshot.
public final class AdminServer: Service, Sendable {
    public let configuration: AdminConfiguration
    private let state: AdminState
    private let registry: PrometheusCollectorRegistry
    private let reloader: RulesReloader?
    private let logger: Logger
    private let bound = Mutex<Int?>(nil)

    public init(
        configuration: AdminConfiguration, state: AdminState, registry: PrometheusCollectorRegistry,
        reloader: RulesReloader? = nil, logger: Logger
    ) {
        self.reloader = reloader
        self.configuration = configuration
        self.state = state
        self.registry = registry
        self.logger = logger
    }

    /// The port the server listens on, once it does (useful with port 0).
    public var port: Int? { bound.withLock { $0 } }

    public func run() async throws {
        let application = Application(
            router: AdminRoutes.router(
                state: state, registry: registry, configuration: configuration, reloader: reloader),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                bound.withLock { $0 = port }
                logger.info(
                    "Admin server listening",
                    metadata: [
                        "address": "\(configuration.host):\(port)",
                        "token": "\(configuration.token == nil ? "none" : "required")",
                    ])
            },
            logger: logger)
        try await application.run()
    }
}
