/// One request as the receiver recorded it.
public struct WebhookReceivedRequest: Decodable, Sendable, Equatable {
    public var path: String
    public var webhookID: String?
    public var webhookTimestamp: String?
    public var webhookSignature: String?
    public var body: String
    /// Whether the reference `standardwebhooks` package accepted the signature and timestamp.
    public var verified: Bool
    public var error: String?
    /// The status the receiver answered (401 when verification failed).
    public var status: Int
    /// When the request arrived, Unix seconds.
    public var receivedAt: Double

    enum CodingKeys: String, CodingKey {
        case path, body, verified, error, status
        case receivedAt = "received_at"
        case webhookID = "webhook_id"
        case webhookTimestamp = "webhook_timestamp"
        case webhookSignature = "webhook_signature"
    }

    /// Whether the receiver took the request (answered 2xx).
    public var accepted: Bool { (200..<300).contains(status) }
}
