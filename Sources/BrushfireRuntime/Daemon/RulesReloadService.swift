import ServiceLifecycle
import UnixSignals

/// Reloads the rules on SIGHUP, as a service in the daemon's group.
struct RulesReloadService: Service {
    let reloader: RulesReloader
    let signal: UnixSignal

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: signal)
        for await _ in signals.cancelOnGracefulShutdown() {
            reloader.reload(trigger: "\(signal)")
        }
    }
}
