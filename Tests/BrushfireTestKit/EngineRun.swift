import BrushfireCore
import BrushfireSimulator

/// Runs events through a fresh engine the way replay does, for tests.
public enum EngineRun {
    /// Ingests `events` in the given order, advancing every `advanceEvery` events, then finishes.
    public static func alerts(
        _ events: [Event], rules: Rules = .defaults, fingerprinter: Fingerprinter = .development,
        advanceEvery: Int = 256
    ) -> (alerts: [Alert], statistics: EngineStatistics) {
        var engine = Engine(rules: rules, fingerprinter: fingerprinter)
        var alerts: [Alert] = []
        for (i, event) in events.enumerated() {
            _ = engine.ingest(event)
            if i % advanceEvery == advanceEvery - 1 { alerts += engine.advance() }
        }
        alerts += engine.finish()
        return (alerts, engine.statistics)
    }

    /// Simulates a scenario (cached per scenario and seed within a test process) and runs it.
    public static func scenario(_ name: ScenarioName, seed: UInt64 = 1) -> (simulation: Simulation, alerts: [Alert]) {
        let simulation = SimulationCache.shared.simulation(name, seed: seed)
        return (simulation, alerts(simulation.events).alerts)
    }
}

/// Simulations are deterministic and costly: make each once per test process.
public final class SimulationCache: @unchecked Sendable {
    public static let shared = SimulationCache()
    private var cache: [String: Simulation] = [:]
    private let lock = Lock()

    public func simulation(_ name: ScenarioName, seed: UInt64) -> Simulation {
        let key = "\(name.rawValue)#\(seed)"
        return lock.withLock {
            if let cached = cache[key] { return cached }
            var options = SimulationOptions()
            options.seed = seed
            let made = Simulator.run(name, options: options)
            cache[key] = made
            return made
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// A plain mutex for the test kit.
final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
