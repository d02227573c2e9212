import BrushfireKafka
import Logging
import Metrics
import Synchronization

/// Where the daemon's Kafka clients' errors go. Every error is counted in `brushfire_kafka_errors_total{client,
/// kind}`; a transient one is logged once per kind per interval (with the number left out since); a fatal one is
/// logged at once and stops the daemon: the consumer's ends its ingest loop, and a producer's is handed to the
/// consumer to do the same.
public final class KafkaErrorReporter: Sendable {
    private struct State {
        var limiter: ErrorLogLimiter
        var counters: [String: Counter] = [:]
        var consumer: KafkaConsumer?
    }

    private let state: Mutex<State>
    private let factory: any MetricsFactory
    private let logger: Logger
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init(
        metricsFactory: any MetricsFactory = MetricsSystem.factory, logger: Logger,
        logInterval: Duration = .seconds(30)
    ) {
        self.factory = metricsFactory
        self.logger = logger
        self.origin = clock.now
        self.state = Mutex(State(limiter: ErrorLogLimiter(intervalMillis: logInterval.milliseconds)))
    }

    /// The consumer that a producer's fatal error stops.
    public func attach(_ consumer: KafkaConsumer) {
        state.withLock { $0.consumer = consumer }
    }

    /// Counts and logs `error`; a fatal one from a producer is passed on to the attached consumer.
    public func report(_ error: KafkaClientError) {
        let now = (clock.now - origin).milliseconds
        let (counter, suppressed, consumer) = state.withLock { state in
            let key = "\(error.client.rawValue)/\(error.kind)"
            let counter =
                state.counters[key]
                ?? Counter(
                    label: "brushfire_kafka_errors_total",
                    dimensions: [("client", error.client.rawValue), ("kind", error.kind)], factory: factory)
            state.counters[key] = counter
            return (counter, error.isFatal ? 0 : state.limiter.admit(key, nowMillis: now), state.consumer)
        }
        counter.increment()
        if error.isFatal {
            logger.critical("\(error)")
            if error.client != .consumer { consumer?.report(error) }
        } else if let suppressed {
            logger.warning(
                "\(error)\(suppressed > 0 ? " (\(suppressed) more of this kind since the last report)" : "")")
        }
    }
}
