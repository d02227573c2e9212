import BrushfireCore
import BrushfireSimulator

/// Runs events through a fresh engine the way replay and the daemon do — as JSON lines through the one
/// `Pipeline` — for tests.
public enum EngineRun {
    /// Writes `events` as JSON lines and runs them, in the given order, through a pipeline that advances every
    /// `advanceEvery` records, then finishes.
    public static func alerts(
        _ events: [Event], rules: Rules = .defaults, fingerprinter: Fingerprinter = .development,
        advanceEvery: Int = 256
    ) -> (alerts: [Alert], statistics: EngineStatistics) {
        let run = lines(
            events.map { $0.jsonLine() }, rules: rules, fingerprinter: fingerprinter, advanceEvery: advanceEvery)
        return (run.output.alerts, run.statistics)
    }

    /// Runs raw lines (numbered from 1, as in a file named `file`) through a fresh pipeline and finishes it.
    public static func lines(
        _ lines: [String], file: String = "events.jsonl", rules: Rules = .defaults,
        fingerprinter: Fingerprinter = .development, advanceEvery: Int = 256
    ) -> (output: Pipeline.Output, statistics: EngineStatistics) {
        var pipeline = Pipeline(
            engine: Engine(rules: rules, fingerprinter: fingerprinter), advanceEvery: advanceEvery)
        var output = Pipeline.Output()
        for (index, line) in lines.enumerated() {
            var line = line
            line.withUTF8 { bytes in
                pipeline.offer(
                    UnsafeRawBufferPointer(bytes), tag: index + 1, at: .line(file: file, line: index + 1),
                    into: &output)
            }
        }
        pipeline.finish(into: &output)
        return (output, pipeline.engine.statistics)
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
