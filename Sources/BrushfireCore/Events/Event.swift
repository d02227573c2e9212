/// The four kinds of platform event that Brushfire reads (event contract v1).
public enum EventType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case order
    case refund
    case review
    case complaint

    public var description: String {
        switch self {
        case .order: "order"
        case .refund: "refund"
        case .review: "review"
        case .complaint: "complaint"
        }
    }
}

/// Who filed a complaint.
public enum ComplaintParty: UInt8, Sendable {
    case buyer
    case shop
}

/// What a complaint is about.
public enum ComplaintKind: UInt8, Sendable {
    case harassment
    case extortion
    case other
}

/// The receiver of an order, as raw as the platform holds it. Never leaves the core unmasked.
public struct Receiver: Sendable, Equatable {
    public var name: String?
    public var phone: String?
    public var address: String?

    public init(name: String? = nil, phone: String? = nil, address: String? = nil) {
        self.name = name
        self.phone = phone
        self.address = address
    }
}

/// One decoded platform event. Fields that a type does not carry are `nil`.
public struct Event: Sendable, Equatable {
    public var eventID: String
    public var type: EventType
    /// Event time, epoch milliseconds.
    public var timestamp: Int64
    public var shopID: String
    public var buyerID: String
    /// `order_id`: required for order, refund and review; optional for complaint.
    public var orderID: String?
    public var itemID: String?
    public var amountCents: Int64?
    public var currency: String?
    public var receiver: Receiver?
    /// `refund_id`, `review_id` or `complaint_id`, by type.
    public var recordID: String?
    public var rating: Int?
    public var reason: String?
    public var filedBy: ComplaintParty?
    public var complaintKind: ComplaintKind?

    public init(
        eventID: String, type: EventType, timestamp: Int64, shopID: String, buyerID: String,
        orderID: String? = nil, itemID: String? = nil, amountCents: Int64? = nil, currency: String? = nil,
        receiver: Receiver? = nil, recordID: String? = nil, rating: Int? = nil, reason: String? = nil,
        filedBy: ComplaintParty? = nil, complaintKind: ComplaintKind? = nil
    ) {
        self.eventID = eventID
        self.type = type
        self.timestamp = timestamp
        self.shopID = shopID
        self.buyerID = buyerID
        self.orderID = orderID
        self.itemID = itemID
        self.amountCents = amountCents
        self.currency = currency
        self.receiver = receiver
        self.recordID = recordID
        self.rating = rating
        self.reason = reason
        self.filedBy = filedBy
        self.complaintKind = complaintKind
    }
}
