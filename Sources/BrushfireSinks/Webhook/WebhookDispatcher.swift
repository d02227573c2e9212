import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization

/// Delivers queued alerts from the outbox to their endpoints: one worker per endpoint, so a slow or dead
/// endpoint holds up only its own queue, and each endpoint receives its alerts in the order they were queued.
///
/// A `Service`: the daemon puts it in its `ServiceGroup`; on graceful shutdown the in-flight requests are
/// cancelled and their deliveries stay pending, to be sent again (same `webhook-id`) on the next start.
/// Replay calls `drain(timeout:)` instead.
public final class WebhookDispatcher: Service, Sendable {
    public let outbox: WebhookOutbox
    public let endpoints: [WebhookEndpoint]
    public let options: WebhookDeliveryOptions
    let clock: WebhookClock
    let logger: Logger
    let metricsFactory: any MetricsFactory
    private let wakeups: [String: WebhookWakeup]
    /// Signalled after every attempt and whenever a worker goes idle, for `drain`.
    private let progress = WebhookWakeup()
    private let running = Mutex(false)

    public init(
        outbox: WebhookOutbox, endpoints: [WebhookEndpoint], options: WebhookDeliveryOptions = .init(),
        clock: WebhookClock = .system, logger: Logger = Logger(label: "brushfire.webhooks"),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.outbox = outbox
        self.endpoints = endpoints
        self.options = options
        self.clock = clock
        self.logger = logger
        self.metricsFactory = metricsFactory
        self.wakeups = Dictionary(uniqueKeysWithValues: endpoints.map { ($0.name, WebhookWakeup()) })
    }

    /// Whether `run()` is delivering right now.
    public var isRunning: Bool { running.withLock { $0 } }

    /// Delivers until cancelled or a graceful shutdown.
    public func run() async throws {
        let claimed = running.withLock { running in
            defer { running = true }
            return !running
        }
        guard claimed else {
            throw WebhookOutboxError(path: outbox.path, operation: "run", message: "the dispatcher is already running")
        }
        defer { running.withLock { $0 = false } }
        guard !endpoints.isEmpty else {
            // Nothing to deliver, but a service that returns early would end the daemon's service group.
            try? await gracefulShutdown()
            return
        }
        let lock = try WebhookDispatcherLock(outboxPath: outbox.path)
        defer { withExtendedLifetime(lock) {} }
        try outbox.register(endpoints, schedule: options.schedule)
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(WebhookRetrySchedule.milliseconds(options.connectTimeout))))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        logger.info(
            "delivering webhooks", metadata: ["outbox": "\(outbox.path)", "endpoints": "\(endpoints.map(\.name))"])
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for endpoint in self.endpoints {
                    group.addTask { await self.deliver(to: endpoint, client: client) }
                }
                group.addTask { await self.pruneHourly() }
            }
        }
        try await client.shutdown()
    }

    /// Wakes the workers of endpoints that have new deliveries.
    func queued(for names: Set<String>) {
        for name in names { wakeups[name]?.signal() }
    }

    /// Delivers (running the dispatcher for the duration unless it is already running) until no delivery is
    /// pending for a configured, enabled endpoint, or until `timeout` has passed.
    public func drain(timeout: Duration) async throws -> WebhookDrainResult {
        let deadline = clock.now() + WebhookRetrySchedule.milliseconds(timeout)
        if isRunning { return try await waitUntilDrained(deadline: deadline) }
        // If the dispatcher cannot run (say another process holds the outbox), its error ends the drain at once.
        return try await withThrowingTaskGroup(of: WebhookDrainResult?.self) { group in
            group.addTask {
                try await self.run()
                return nil
            }
            group.addTask { try await self.waitUntilDrained(deadline: deadline) }
            var drained: WebhookDrainResult?
            while drained == nil, let outcome = try await group.next() {
                drained = outcome
            }
            group.cancelAll()
            while try await group.next() != nil {}
            if let drained { return drained }
            return try await waitUntilDrained(deadline: deadline)
        }
    }

    private func waitUntilDrained(deadline: Int64) async throws -> WebhookDrainResult {
        let configured = Set(endpoints.map { [$0.name, $0.url] })
        while true {
            let statuses = try await outbox.status(now: clock.now()).filter {
                $0.isRegistered && configured.contains([$0.name, $0.url ?? ""])
            }
            let result = WebhookDrainResult(endpoints: statuses)
            let now = clock.now()
            if result.outstanding == 0 || now >= deadline || Task.isCancelled { return result }
            await progress.wait(atMost: min(deadline - now, 250), clock: clock)
        }
    }

    // MARK: Workers

    /// Deletes delivered deliveries older than `options.deliveredRetention`, at start and then every hour.
    private func pruneHourly() async {
        let retention = WebhookRetrySchedule.milliseconds(options.deliveredRetention)
        while !Task.isCancelled {
            do {
                let pruned = try await outbox.prune(deliveredBefore: clock.now() - retention)
                if pruned > 0 { logger.info("pruned delivered webhooks", metadata: ["count": "\(pruned)"]) }
            } catch {
                if error.isCancellation || Task.isCancelled { return }
                logger.error("webhook outbox error", metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(3_600_000)
        }
    }

    private func deliver(to endpoint: WebhookEndpoint, client: HTTPClient) async {
        let wakeup = wakeups[endpoint.name] ?? WebhookWakeup()
        let metrics = WebhookMetrics(endpoint: endpoint.name, factory: metricsFactory)
        let signer = WebhookSigner(secrets: endpoint.secrets)
        let poll = WebhookRetrySchedule.milliseconds(options.pollInterval)
        let schedule = endpoint.schedule ?? options.schedule
        var random = SystemRandomNumberGenerator()
        var lastWarning = Int64.min
        while !Task.isCancelled {
            do {
                let head = try await outbox.head(endpoint: endpoint, now: clock.now())
                metrics.pending(try await outbox.pendingCount(endpoint: endpoint))
                switch head {
                case .empty, .disabled:
                    progress.signal()
                    await wakeup.wait(atMost: poll, clock: clock)
                case .next(let delivery):
                    let wait = delivery.nextAttemptAt - clock.now()
                    if wait > 0 {
                        progress.signal()
                        await wakeup.wait(atMost: min(wait, poll), clock: clock)
                    } else {
                        try await attempt(
                            delivery, to: endpoint, schedule: schedule, signer: signer, client: client,
                            metrics: metrics, random: &random, lastWarning: &lastWarning)
                    }
                }
            } catch {
                // Shutting down: a database wait cut short is no fault, and the queue is intact.
                if error.isCancellation || Task.isCancelled { return }
                logger.error(
                    "webhook outbox error", metadata: ["endpoint": "\(endpoint.name)", "error": "\(error)"])
                try? await clock.sleep(poll)
            }
        }
    }

    private func attempt(
        _ delivery: WebhookDelivery, to endpoint: WebhookEndpoint, schedule: WebhookRetrySchedule,
        signer: WebhookSigner, client: HTTPClient, metrics: WebhookMetrics,
        random: inout SystemRandomNumberGenerator, lastWarning: inout Int64
    ) async throws(WebhookOutboxError) {
        var machine = WebhookDeliveryStateMachine(
            schedule: schedule, attempts: delivery.attempts, clientErrors: delivery.clientErrors,
            firstAttemptAt: delivery.firstAttemptAt, isProbe: delivery.state == .failed && delivery.exhausted)
        let number = machine.startAttempt(now: clock.now())
        let request = Self.request(
            for: delivery.body, id: delivery.webhookID, url: endpoint.url, signer: signer, now: clock.now())
        let started = ContinuousClock.now
        let action: WebhookDeliveryStateMachine.Action
        var status: Int?
        do {
            let response = try await client.execute(
                request, timeout: .milliseconds(WebhookRetrySchedule.milliseconds(options.requestTimeout)))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            status = code
            metrics.attempted(status: code, duration: ContinuousClock.now - started)
            action = machine.responseReceived(
                status: code, retryAfter: response.headers.first(name: "retry-after"), now: clock.now(),
                using: &random)
        } catch {
            // Shutting down: the attempt is not recorded and the delivery is sent again on the next start.
            if Task.isCancelled { return }
            metrics.attempted(status: nil, duration: ContinuousClock.now - started)
            action = machine.requestFailed(Self.describe(error), now: clock.now(), using: &random)
        }
        let errorText: String? =
            switch action {
            case .markDelivered: nil
            case .retry(_, let reason), .markFailed(let reason), .markExhausted(let reason, _),
                .disableEndpoint(let reason):
                reason
            }
        // Recorded even when a shutdown cancels this task: an answer received is not sent again.
        let outbox = self.outbox
        let (now, finished, answered) = (clock.now(), machine, status)
        let recorded = Task {
            try await outbox.record(
                action, for: delivery, machine: finished, status: answered, error: errorText, at: now)
        }
        do {
            try await recorded.value
        } catch let error as WebhookOutboxError {
            throw error
        } catch {
            throw WebhookOutboxError(path: outbox.path, operation: "record attempt", error: error)
        }
        metrics.finished(action)
        log(action, delivery: delivery, attempt: number, lastWarning: &lastWarning)
        progress.signal()
    }

    /// Logs an attempt's outcome. Retries are warnings at most once a minute per endpoint (debug otherwise), so
    /// that an endpoint asking for `Retry-After: 1` through a long outage does not flood the log.
    private func log(
        _ action: WebhookDeliveryStateMachine.Action, delivery: WebhookDelivery, attempt: Int,
        lastWarning: inout Int64
    ) {
        var metadata: Logger.Metadata = [
            "endpoint": "\(delivery.endpoint)", "webhook_id": "\(delivery.webhookID)",
            "alert_id": "\(delivery.alertID)", "attempt": "\(attempt)",
        ]
        switch action {
        case .markDelivered where attempt > 1:
            logger.info("webhook delivered after retries", metadata: metadata)
        case .markDelivered:
            logger.debug("webhook delivered", metadata: metadata)
        case .retry(let at, let reason):
            metadata["reason"] = "\(reason)"
            metadata["retry_in_ms"] = "\(at - clock.now())"
            let now = clock.now()
            if lastWarning == .min || now - lastWarning >= 60_000 {
                lastWarning = now
                logger.warning(
                    "webhook attempt failed; will retry", metadata: metadata)
            } else {
                logger.debug("webhook attempt failed; will retry", metadata: metadata)
            }
        case .markFailed(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("webhook delivery failed; kept in the outbox for redelivery", metadata: metadata)
        case .markExhausted(let reason, let at):
            metadata["reason"] = "\(reason)"
            metadata["probe_in_ms"] = "\(at - clock.now())"
            logger.error(
                "webhook endpoint not answering; probing it with this delivery, the queue waits behind it",
                metadata: metadata)
        case .disableEndpoint(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("webhook endpoint disabled", metadata: metadata)
        }
    }

    /// A signed Standard Webhooks POST of `body`; `now` is epoch milliseconds.
    static func request(
        for body: [UInt8], id: String, url: String, signer: WebhookSigner, now: Int64
    ) -> HTTPClientRequest {
        let timestamp = now / 1000
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "brushfire-webhooks/1")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature", value: signer.signature(id: id, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// A short, single-line description of a transport error for the outbox and logs.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
