/// One endpoint's queue as `brushfire webhooks status` shows it.
public struct WebhookEndpointStatus: Sendable, Equatable {
    public var name: String
    /// `nil` for an endpoint that has deliveries in the outbox but was never registered.
    public var url: String?
    /// When a 410 Gone disabled the endpoint, epoch milliseconds; `nil` while enabled.
    public var disabledAt: Int64?
    public var disabledReason: String?
    public var pending: Int
    public var delivered: Int
    public var failed: Int
    /// When the oldest pending delivery was queued, epoch milliseconds.
    public var oldestPendingAt: Int64?
    /// When the head of the queue is next tried, epoch milliseconds.
    public var nextAttemptAt: Int64?
    /// The most recent attempt's error, if it failed.
    public var lastError: String?

    public var isDisabled: Bool { disabledAt != nil }
}
