import Metrics

/// The delivery metrics of one endpoint, labelled with its name.
///
/// - `brushfire_webhook_attempts_total{endpoint, result}`: attempts by outcome (`2xx`, `4xx`, `5xx`, `error`).
/// - `brushfire_webhook_deliveries_total{endpoint, result}`: deliveries finished (`delivered`, `failed`).
/// - `brushfire_webhook_exhausted_attempts_total{endpoint}`: attempts that failed after the schedule ran out
///   (the delivery is kept as failed and probes its endpoint).
/// - `brushfire_webhook_endpoint_disabled_total{endpoint}`: 410 Gone answers.
/// - `brushfire_webhook_attempt_duration_seconds{endpoint}`: latency of attempts that got an HTTP answer.
/// - `brushfire_webhook_queue_depth{endpoint}`: pending deliveries.
struct WebhookMetrics: Sendable {
    private let attempts: [String: Counter]
    private let delivered: Counter
    private let failed: Counter
    private let exhausted: Counter
    private let disabled: Counter
    private let latency: Metrics.Timer
    private let queueDepth: Gauge

    init(endpoint: String, factory: any MetricsFactory) {
        let dimensions = [("endpoint", endpoint)]
        var attempts: [String: Counter] = [:]
        for result in ["2xx", "3xx", "4xx", "5xx", "error"] {
            attempts[result] = Counter(
                label: "brushfire_webhook_attempts_total", dimensions: dimensions + [("result", result)],
                factory: factory)
        }
        self.attempts = attempts
        delivered = Counter(
            label: "brushfire_webhook_deliveries_total", dimensions: dimensions + [("result", "delivered")],
            factory: factory)
        failed = Counter(
            label: "brushfire_webhook_deliveries_total", dimensions: dimensions + [("result", "failed")],
            factory: factory)
        exhausted = Counter(
            label: "brushfire_webhook_exhausted_attempts_total", dimensions: dimensions, factory: factory)
        disabled = Counter(
            label: "brushfire_webhook_endpoint_disabled_total", dimensions: dimensions, factory: factory)
        latency = Metrics.Timer(
            label: "brushfire_webhook_attempt_duration_seconds", dimensions: dimensions,
            preferredDisplayUnit: .seconds, factory: factory)
        queueDepth = Gauge(label: "brushfire_webhook_queue_depth", dimensions: dimensions, factory: factory)
    }

    func attempted(status: Int?, duration: Duration) {
        guard let status else {
            attempts["error"]?.increment()
            return
        }
        let result = "\(min(max(status / 100, 2), 5))xx"
        attempts[result]?.increment()
        latency.recordNanoseconds(Self.nanoseconds(duration))
    }

    func finished(_ action: WebhookDeliveryStateMachine.Action) {
        switch action {
        case .markDelivered: delivered.increment()
        case .markFailed: failed.increment()
        case .markExhausted: exhausted.increment()
        case .disableEndpoint: disabled.increment()
        case .retry: break
        }
    }

    func pending(_ count: Int) {
        queueDepth.record(count)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
