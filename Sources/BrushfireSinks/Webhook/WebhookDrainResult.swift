/// Where the configured endpoints' queues stand when `drain(timeout:)` returns.
public struct WebhookDrainResult: Sendable, Equatable {
    public var endpoints: [WebhookEndpointStatus]

    public init(endpoints: [WebhookEndpointStatus]) {
        self.endpoints = endpoints
    }

    /// Deliveries still pending for enabled endpoints: non-zero only when the timeout cut the drain short.
    public var outstanding: Int { endpoints.filter { !$0.isDisabled }.reduce(0) { $0 + $1.pending } }
    /// Deliveries waiting on endpoints a 410 disabled.
    public var waitingOnDisabled: Int { endpoints.filter(\.isDisabled).reduce(0) { $0 + $1.pending } }
    public var delivered: Int { endpoints.reduce(0) { $0 + $1.delivered } }
    public var failed: Int { endpoints.reduce(0) { $0 + $1.failed } }
    /// Nothing left that more waiting could deliver.
    public var isComplete: Bool { outstanding == 0 }
}
