/// One alert queued for one endpoint, as the outbox holds it.
public struct WebhookDelivery: Sendable, Equatable {
    public enum State: String, Sendable {
        case pending
        case delivered
        case failed
    }

    /// Position in the outbox; an endpoint's deliveries are sent in this order.
    public var sequence: Int64
    /// The `webhook-id` header, the same on every attempt so receivers can drop duplicates.
    public var webhookID: String
    public var endpoint: String
    /// The URL the delivery is for: with the name, the endpoint's identity. A delivery made to one URL says
    /// nothing about another, so the same alert is queued again for a new receiver.
    public var url: String
    public var alertID: String
    /// The exact bytes POSTed and signed: the alert's JSON line.
    public var body: [UInt8]
    /// When the alert was queued, epoch milliseconds.
    public var createdAt: Int64
    public var state: State
    public var attempts: Int
    public var clientErrors: Int
    /// When the first attempt started, epoch milliseconds; the retry schedule counts from it.
    public var firstAttemptAt: Int64?
    /// A failed delivery whose retry schedule ran out while the endpoint did not answer: within the endpoint's
    /// recovery window it stays the head of the queue and is delivered as soon as the endpoint answers.
    public var exhausted: Bool
    /// When the next attempt is due, epoch milliseconds (pending and exhausted deliveries).
    public var nextAttemptAt: Int64
    public var lastAttemptAt: Int64?
    /// The HTTP status of the last attempt, if it got one.
    public var lastStatus: Int?
    public var lastError: String?
    /// When the delivery was delivered or given up, epoch milliseconds.
    public var finishedAt: Int64?
}
