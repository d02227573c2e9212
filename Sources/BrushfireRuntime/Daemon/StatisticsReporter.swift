import Logging
import ServiceLifecycle

/// Logs the daemon's throughput every interval: `consumed`, `accepted`, `dead_lettered`, `alerts`, and the rate
/// since the previous line. `elapsed_ms` counts from the reporter's start on a monotonic clock.
struct StatisticsReporter: Service {
    let statistics: DaemonStatistics
    let interval: Swift.Duration
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await cancelWhenGracefulShutdown {
                var previous = (at: start, consumed: 0)
                while true {
                    try await Task.sleep(for: interval)
                    let now = clock.now
                    let snapshot = statistics.snapshot
                    let seconds = Double((now - previous.at).milliseconds) / 1000
                    let rate = seconds > 0 ? Int(Double(snapshot.consumed - previous.consumed) / seconds) : 0
                    previous = (now, snapshot.consumed)
                    logger.info(
                        "stats",
                        metadata: [
                            "elapsed_ms": "\((now - start).milliseconds)", "consumed": "\(snapshot.consumed)",
                            "accepted": "\(snapshot.accepted)", "dead_lettered": "\(snapshot.deadLettered)",
                            "alerts": "\(snapshot.alerts)", "events_per_s": "\(rate)",
                        ])
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
