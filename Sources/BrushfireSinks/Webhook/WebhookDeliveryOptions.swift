/// How the dispatcher delivers: retry schedule, timeouts and how often idle workers re-read the outbox.
public struct WebhookDeliveryOptions: Sendable {
    public var schedule: WebhookRetrySchedule
    /// Longest wait for a TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// Longest time for a whole attempt, from connecting to the last byte of the response.
    public var requestTimeout: Duration
    /// How often an idle or waiting worker looks at the outbox for changes made by other processes, such as
    /// `brushfire webhooks redeliver`. Alerts written through the sink wake workers at once.
    public var pollInterval: Duration
    /// How long delivered deliveries stay in the outbox (for `status` counts, redelivery with
    /// `--include-delivered`, and dropping a re-queued duplicate) before the dispatcher deletes them.
    /// Failed deliveries are never deleted.
    public var deliveredRetention: Duration

    public init(
        schedule: WebhookRetrySchedule = .standard, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(15), pollInterval: Duration = .seconds(1),
        deliveredRetention: Duration = .seconds(7 * 86400)
    ) {
        self.schedule = schedule
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.pollInterval = pollInterval
        self.deliveredRetention = deliveredRetention
    }
}
