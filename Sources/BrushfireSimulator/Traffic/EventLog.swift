import BrushfireCore

/// Collects the simulation's events, hands out ids, and drops follow-ups that would land after the run ends.
struct EventLog: Sendable {
    private(set) var events: [Event] = []
    /// First instant after the simulated period; later refunds, reviews and complaints never happen.
    let end: Int64
    private var nextEvent = 1
    private var nextOrder = 1
    private var nextRefund = 1
    private var nextReview = 1
    private var nextComplaint = 1

    init(end: Int64, capacity: Int) {
        self.end = end
        events.reserveCapacity(capacity)
    }

    /// Records an order and returns its id.
    mutating func order(
        at time: Int64, shop: String, buyer: String, item: String, amountCents: Int64, currency: String?,
        receiver: Receiver
    ) -> String {
        precondition(time < end, "orders are placed inside the simulated period")
        let orderID = Self.id("o", &nextOrder)
        events.append(
            Event(
                eventID: Self.id("ev", &nextEvent), type: .order, timestamp: time, shopID: shop, buyerID: buyer,
                orderID: orderID, itemID: item, amountCents: amountCents, currency: currency, receiver: receiver))
        return orderID
    }

    /// Records a refund; returns false when it falls after the end.
    @discardableResult
    mutating func refund(
        at time: Int64, shop: String, buyer: String, order: String, amountCents: Int64, reason: String?
    ) -> Bool {
        guard time < end else { return false }
        events.append(
            Event(
                eventID: Self.id("ev", &nextEvent), type: .refund, timestamp: time, shopID: shop, buyerID: buyer,
                orderID: order, amountCents: amountCents, recordID: Self.id("rf", &nextRefund), reason: reason))
        return true
    }

    /// Records a review; returns false when it falls after the end.
    @discardableResult
    mutating func review(at time: Int64, shop: String, buyer: String, order: String, rating: Int) -> Bool {
        guard time < end else { return false }
        events.append(
            Event(
                eventID: Self.id("ev", &nextEvent), type: .review, timestamp: time, shopID: shop, buyerID: buyer,
                orderID: order, recordID: Self.id("rv", &nextReview), rating: rating))
        return true
    }

    /// Records a complaint; returns false when it falls after the end.
    @discardableResult
    mutating func complaint(
        at time: Int64, shop: String, buyer: String, filedBy: ComplaintParty, kind: ComplaintKind, order: String?
    ) -> Bool {
        guard time < end else { return false }
        events.append(
            Event(
                eventID: Self.id("ev", &nextEvent), type: .complaint, timestamp: time, shopID: shop, buyerID: buyer,
                orderID: order, recordID: Self.id("cp", &nextComplaint), filedBy: filedBy, complaintKind: kind))
        return true
    }

    /// Events in stream order: by time, then event id.
    mutating func sorted() -> [Event] {
        events.sort { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.eventID < $1.eventID }
        return events
    }

    private static func id(_ prefix: String, _ counter: inout Int) -> String {
        defer { counter += 1 }
        return prefix + paddedNumber(counter, width: 9)
    }
}

/// `42` → `000000042`: fixed width, so ids sort as their numbers do.
func paddedNumber(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
