import BrushfireCore
import Logging
import Metrics
import Synchronization

/// Sends alerts to webhook endpoints through a durable outbox.
///
/// `write` returns once the alerts are fsynced in the outbox, so the caller may commit the input offsets that
/// produced them; delivery happens in the background, in `dispatcher` (a `Service` for the daemon's group) or
/// in `drain(timeout:)` (for replay).
public final class WebhookSink: AlertSink {
    public let outbox: WebhookOutbox
    public let dispatcher: WebhookDispatcher
    public let endpoints: [WebhookEndpoint]
    private let clock: WebhookClock
    private let closed = Mutex(false)

    /// Opens (or creates) the outbox at `outboxPath` and registers the endpoints there.
    public init(
        outboxPath: String, endpoints: [WebhookEndpoint], options: WebhookDeliveryOptions = .init(),
        clock: WebhookClock = .system, logger: Logger = Logger(label: "brushfire.webhooks"),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws {
        var seen: Set<String> = []
        for endpoint in endpoints where !seen.insert(endpoint.name).inserted {
            throw WebhookConfigurationError(field: "webhooks", reason: "endpoint name '\(endpoint.name)' is used twice")
        }
        let outbox = try WebhookOutbox(path: outboxPath)
        try outbox.register(endpoints, schedule: options.schedule)
        self.outbox = outbox
        self.endpoints = endpoints
        self.clock = clock
        self.dispatcher = WebhookDispatcher(
            outbox: outbox, endpoints: endpoints, options: options, clock: clock, logger: logger,
            metricsFactory: metricsFactory)
    }

    /// Queues each alert for the endpoints whose filters accept it; on disk when this returns.
    public func write(_ alerts: [Alert]) async throws {
        guard !closed.withLock({ $0 }) else {
            throw WebhookOutboxError(path: outbox.path, operation: "write", message: "the sink is closed")
        }
        let touched = try await outbox.enqueue(alerts, for: endpoints, now: clock.now())
        dispatcher.queued(for: touched)
    }

    /// Nothing to do: `write` has already made the alerts durable.
    public func flush() async throws {}

    /// Refuses further writes. Queued deliveries stay in the outbox for the dispatcher, now or on the next start.
    public func close() async throws {
        closed.withLock { $0 = true }
    }

    /// Delivers until nothing is pending for an enabled endpoint or `timeout` passes; see
    /// `WebhookDispatcher.drain(timeout:)`.
    public func drain(timeout: Swift.Duration) async throws -> WebhookDrainResult {
        try await dispatcher.drain(timeout: timeout)
    }
}
