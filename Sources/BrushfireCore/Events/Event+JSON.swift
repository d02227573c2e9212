extension Event {
    /// The event as one line of JSON (event contract v1), keys in contract order and time in China time
    /// (`+08:00`), so simulated and converted streams read like the platform's own.
    ///
    /// Optional fields that are `nil` are left out; a required field that is `nil` is left out too, so the
    /// decoder reports it rather than this writer inventing a value.
    public func jsonLine() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("event_id")
        w.string(eventID)
        w.key("type")
        w.string(type.description)
        w.key("ts")
        w.string(Self.chinaTime(timestamp))
        w.key("shop_id")
        w.string(shopID)
        switch type {
        case .order:
            w.optionalString("order_id", orderID)
            w.key("buyer_id")
            w.string(buyerID)
            w.optionalString("item_id", itemID)
            w.optionalInteger("amount_cents", amountCents)
            w.optionalString("currency", currency)
            if let receiver {
                w.key("receiver")
                w.beginObject()
                w.optionalString("name", receiver.name)
                w.optionalString("phone", receiver.phone)
                w.optionalString("address", receiver.address)
                w.endObject()
            }
        case .refund:
            w.optionalString("order_id", orderID)
            w.key("buyer_id")
            w.string(buyerID)
            w.optionalString("refund_id", recordID)
            w.optionalInteger("amount_cents", amountCents)
            w.optionalString("reason", reason)
        case .review:
            w.optionalString("order_id", orderID)
            w.key("buyer_id")
            w.string(buyerID)
            w.optionalString("review_id", recordID)
            w.optionalInteger("rating", rating.map(Int64.init))
        case .complaint:
            w.optionalString("complaint_id", recordID)
            w.key("buyer_id")
            w.string(buyerID)
            w.optionalString("filed_by", filedBy.map(\.contractName))
            w.optionalString("kind", complaintKind.map(\.contractName))
            w.optionalString("order_id", orderID)
        }
        w.endObject()
        return w.output
    }

    /// RFC 3339 with milliseconds at UTC+08:00, e.g. `2026-11-11T10:00:00.123+08:00`; in UTC for the last
    /// eight hours of 2099, whose China time would be written in 2100, outside the contract's years.
    fileprivate static func chinaTime(_ millis: Int64) -> String {
        guard millis + 8 * 3_600_000 < Timestamp.endOfRange else { return Timestamp.format(millis) }
        var text = Timestamp.format(millis + 8 * 3_600_000)
        text.removeLast()
        return text + "+08:00"
    }
}

extension ComplaintParty {
    /// The contract's spelling: `buyer` or `shop`.
    fileprivate var contractName: String {
        switch self {
        case .buyer: "buyer"
        case .shop: "shop"
        }
    }
}

extension ComplaintKind {
    /// The contract's spelling: `harassment`, `extortion` or `other`.
    fileprivate var contractName: String {
        switch self {
        case .harassment: "harassment"
        case .extortion: "extortion"
        case .other: "other"
        }
    }
}

extension JSONWriter {
    fileprivate mutating func optionalString(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    fileprivate mutating func optionalInteger(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        integer(value)
    }
}
