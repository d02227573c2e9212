import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSimulator
import BrushfireSinks
import BrushfireTestKit
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// An alert sink that keeps what it was given.
final class CollectingAlertSink: AlertSink {
    private let state = Mutex<[Alert]>([])
    var alerts: [Alert] { state.withLock { $0 } }
    func write(_ alerts: [Alert]) async throws { state.withLock { $0.append(contentsOf: alerts) } }
    func flush() async throws {}
    func close() async throws {}
}

/// The seed attack (reverse brushing over background traffic), small enough for a debug-build test, and the
/// alerts that replaying it in file order gives.
enum DaemonSeed {
    static let events: [Event] = Simulator.run(
        .reverseBrushing, options: SimulationOptions(seed: 7, days: 3, shops: 40, ordersPerDay: 3_000, buyers: 6_000)
    ).events

    static var lines: [String] { events.map { $0.jsonLine() } }

    /// What `brushfire replay` computes: the engine fed in file order, then finished.
    static let replayAlerts: [String] = EngineRun.lines(lines).output.alerts.map { $0.jsonLine() }

    static func messages(topic: String) -> [KafkaOutgoingMessage] {
        events.map { KafkaOutgoingMessage(topic: topic, key: $0.shopID, value: $0.jsonLine()) }
    }
}

/// One daemon running in a task, against a test cluster.
struct RunningDaemon {
    let daemon: BrushfireDaemon
    let task: Task<Void, any Error>
    let group: ServiceGroupHandle

    var statistics: DaemonStatistics.Snapshot { daemon.statistics.snapshot }

    static func start(
        _ kafka: KafkaHarness, topics: [String], group: String, alertsTopic: String? = nil,
        deadLetterTopic: String? = nil, sinks: [any AlertSink] = [], services: [any Service] = [],
        consumerProperties: [String: String] = [:],
        maxBatch: Int = 10_000, admin: AdminConfiguration? = nil, metricsRegistry: PrometheusCollectorRegistry? = nil,
        rules: Rules? = .defaults, logger: Logger = Logger(label: "brushfire.daemon"),
        configure: (inout DaemonConfiguration) -> Void = { _ in }
    ) throws -> RunningDaemon {
        var configuration = DaemonConfiguration()
        configuration.brokers = kafka.brokers
        configuration.topics = topics
        configuration.group = group
        configuration.alertsTopic = alertsTopic
        configuration.deadLetterTopic = deadLetterTopic
        configuration.consumerProperties = KafkaHarness.fastGroupProperties(group: group).merging(consumerProperties) {
            _, new in new
        }
        configuration.producerProperties = ["linger.ms": "1"]
        configuration.idleAfter = .milliseconds(500)
        configuration.statsInterval = .zero
        configuration.maxBatch = maxBatch
        configuration.admin = admin
        configure(&configuration)
        let daemon = try BrushfireDaemon(
            configuration: configuration, rules: rules, sinks: sinks, services: services, logger: logger,
            metricsRegistry: metricsRegistry)
        let serviceGroup = daemon.makeServiceGroup(gracefulShutdownSignals: [])
        let task = Task { try await serviceGroup.run() }
        return RunningDaemon(daemon: daemon, task: task, group: ServiceGroupHandle(group: serviceGroup))
    }

    /// SIGTERM's path: stop fetching, finish, flush, commit, leave.
    func stop() async throws {
        await group.group.triggerGracefulShutdown()
        try await task.value
        await daemon.close()
    }

    /// A crash: the task is cancelled and nothing more is committed.
    func crash() async {
        task.cancel()
        _ = try? await task.value
        await daemon.close()
    }

    /// Polls `condition` on the statistics every 50 ms, at most `timeout`.
    @discardableResult
    func wait(
        timeout: Duration = .seconds(60), until condition: (DaemonStatistics.Snapshot) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(statistics) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(statistics)
    }
}

struct ServiceGroupHandle: Sendable {
    let group: ServiceGroup
}
