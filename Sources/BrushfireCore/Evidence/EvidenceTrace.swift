/// One order as an evidence pack lists it: platform ids, the receiver's masked display forms and the traits the
/// detectors weighed. Carries no raw phone, address or name.
public struct OrderTrace: Sendable, Equatable, Codable {
    public var shopID: String
    public var orderID: String
    public var itemID: String?
    public var buyerID: String
    /// Event time, epoch milliseconds.
    public var timestamp: Int64
    public var amountCents: Int64?
    public var currency: String?
    /// The receiver's phone and address as masked display forms (`138****5678`, `广东省深圳市南山区***`); empty
    /// when the order named none.
    public var phone: String
    public var address: String
    /// The address names no door (a region, a street without a number, a landmark, a pickup point).
    public var vague: Bool
    /// The buyer's first order on the platform, as far as the engine remembers.
    public var newBuyer: Bool
    /// The receiver does not match the buyer's earlier receivers, or the phone's earlier name.
    public var mismatched: Bool

    enum CodingKeys: String, CodingKey {
        case vague, phone, address, currency
        case shopID = "shop_id"
        case orderID = "order_id"
        case itemID = "item_id"
        case buyerID = "buyer_id"
        case timestamp = "ts_ms"
        case amountCents = "amount_cents"
        case newBuyer = "new_buyer"
        case mismatched = "mismatched_receiver"
    }
}

/// One refund as an evidence pack counts it.
public struct RefundTrace: Sendable, Equatable, Codable {
    public var shopID: String
    public var orderID: String?
    /// Event time, epoch milliseconds.
    public var timestamp: Int64
    /// When the refunded order was placed, for the first refund of an order the engine remembers.
    public var orderPlacedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case shopID = "shop_id"
        case orderID = "order_id"
        case timestamp = "ts_ms"
        case orderPlacedAt = "order_ts_ms"
    }
}

/// A shop's normal as the engine saw it when it emitted an alert about the shop.
public struct BaselineTrace: Sendable, Equatable, Codable {
    /// Orders per hour the shop's baseline expects at each hour of day (UTC), index 0 = 00:00–01:00.
    public var expectedOrdersPerHour: [Double]
    public var refundsPerHour: Double
    public var hoursClosed: Int
    public var vagueShare: Double
    public var newBuyerShare: Double
    public var mismatchedShare: Double
    public var refundedShare: Double

    enum CodingKeys: String, CodingKey {
        case expectedOrdersPerHour = "expected_orders_per_hour_by_utc_hour"
        case refundsPerHour = "refunds_per_hour"
        case hoursClosed = "hours_of_history"
        case vagueShare = "vague_share"
        case newBuyerShare = "new_buyer_share"
        case mismatchedShare = "mismatched_share"
        case refundedShare = "refunded_share"
    }
}

/// What the engine did, in the order it did it, for evidence collectors at the edge: every order and refund it
/// applied and every alert about a shop it emitted, with the shop's baseline and last day of per-minute counts as
/// they stood at that moment. The same events give the same trace however they are batched.
public enum EvidenceTrace: Sendable {
    case order(OrderTrace)
    case refund(RefundTrace)
    case shopAlert(Alert, baseline: BaselineTrace, minutes: [MinuteHistory.Minute])

    /// Event time of the entry.
    public var timestamp: Int64 {
        switch self {
        case .order(let order): order.timestamp
        case .refund(let refund): refund.timestamp
        case .shopAlert(let alert, _, _): alert.eventTime
        }
    }
}
