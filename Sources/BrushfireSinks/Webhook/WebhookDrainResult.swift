/// Where the configured endpoints' queues stand when `drain(timeout:)` returns.
public struct WebhookDrainResult: Sendable, Equatable {
    /// The configured endpoints at their configured URLs.
    public var endpoints: [WebhookEndpointStatus]

    public init(endpoints: [WebhookEndpointStatus]) {
        self.endpoints = endpoints
    }

    /// Deliveries that more time could still deliver to enabled endpoints (pending, or exhausted and probing):
    /// non-zero only when the timeout cut the drain short.
    public var outstanding: Int { endpoints.filter { !$0.isDisabled }.reduce(0) { $0 + $1.outstanding } }
    /// Deliveries waiting on endpoints a 410 disabled.
    public var waitingOnDisabled: Int { endpoints.filter(\.isDisabled).reduce(0) { $0 + $1.outstanding } }
    public var delivered: Int { endpoints.reduce(0) { $0 + $1.delivered } }
    /// Deliveries given up (rejected with 4xx, or exhausted beyond the recovery window): only an operator's
    /// `redeliver` sends them again.
    public var failed: Int { endpoints.reduce(0) { $0 + $1.givenUp } }
    /// Nothing left that more waiting could deliver.
    public var isComplete: Bool { outstanding == 0 }
    /// Every delivery delivered: nothing pending, failed or waiting on a disabled endpoint.
    public var deliveredEverything: Bool { outstanding == 0 && failed == 0 && waitingOnDisabled == 0 }
}
