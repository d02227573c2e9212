/// One endpoint's queue at one URL, as `brushfire webhooks status` shows it.
public struct WebhookEndpointStatus: Sendable, Equatable {
    public var name: String
    /// `nil` for deliveries migrated from an outbox that never registered their endpoint.
    public var url: String?
    /// Whether this is the name's configured URL; `false` for what an old URL or an unconfigured name left.
    public var isRegistered: Bool
    /// When a 410 Gone disabled the endpoint, epoch milliseconds; `nil` while enabled.
    public var disabledAt: Int64?
    public var disabledReason: String?
    public var pending: Int
    public var delivered: Int
    /// Every failed delivery, including those still `probing`.
    public var failed: Int
    /// Failed deliveries whose schedule ran out while the endpoint did not answer, still within the recovery
    /// window: the oldest probes the endpoint, and all are delivered once it answers.
    public var probing: Int
    /// When the oldest pending or probing delivery was queued, epoch milliseconds.
    public var oldestPendingAt: Int64?
    /// When the head of the queue is next tried, epoch milliseconds.
    public var nextAttemptAt: Int64?
    /// The most recent attempt's error, if it failed.
    public var lastError: String?

    public var isDisabled: Bool { disabledAt != nil }
    /// Deliveries that more time can still deliver: pending and probing.
    public var outstanding: Int { pending + probing }
    /// Failed deliveries that will not be sent again unless an operator redelivers them.
    public var givenUp: Int { failed - probing }
}
