extension Event {
    func write(to writer: inout BinaryWriter) {
        writer.string(eventID)
        writer.u8(type.rawValue)
        writer.i64(timestamp)
        writer.string(shopID)
        writer.string(buyerID)
        writer.optionalString(orderID)
        writer.optionalString(itemID)
        writer.optionalI64(amountCents)
        writer.optionalString(currency)
        writer.bool(receiver != nil)
        if let receiver {
            writer.optionalString(receiver.name)
            writer.optionalString(receiver.phone)
            writer.optionalString(receiver.address)
        }
        writer.optionalString(recordID)
        writer.optionalI64(rating.map(Int64.init))
        writer.optionalString(reason)
        writer.u8(filedBy.map { $0.rawValue + 1 } ?? 0)
        writer.u8(complaintKind.map { $0.rawValue + 1 } ?? 0)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let eventID = try reader.string("event id")
        let rawType = try reader.u8("event type")
        guard let type = EventType(rawValue: rawType) else {
            throw CheckpointError(.malformed, "event type \(rawType)")
        }
        // The decoder admits only times in the contract's range, and the windows' day and pane arithmetic relies on
        // it: a damaged time would overflow there instead of being refused here.
        let timestamp = try reader.i64("event time")
        guard timestamp >= Timestamp.earliest, timestamp < Timestamp.endOfRange else {
            throw CheckpointError(.malformed, "event time \(timestamp) is outside 2000–2099")
        }
        self.init(
            eventID: eventID, type: type, timestamp: timestamp, shopID: try reader.string("shop id"),
            buyerID: try reader.string("buyer id"))
        orderID = try reader.optionalString("order id")
        itemID = try reader.optionalString("item id")
        amountCents = try reader.optionalI64("amount")
        currency = try reader.optionalString("currency")
        if try reader.bool("receiver") {
            receiver = Receiver(
                name: try reader.optionalString("receiver name"), phone: try reader.optionalString("receiver phone"),
                address: try reader.optionalString("receiver address"))
        }
        recordID = try reader.optionalString("record id")
        rating = try reader.optionalI64("rating").map { Int(truncatingIfNeeded: $0) }
        reason = try reader.optionalString("reason")
        let party = try reader.u8("filed by")
        if party > 0 {
            guard let value = ComplaintParty(rawValue: party - 1) else {
                throw CheckpointError(.malformed, "complaint party \(party)")
            }
            filedBy = value
        }
        let kind = try reader.u8("complaint kind")
        if kind > 0 {
            guard let value = ComplaintKind(rawValue: kind - 1) else {
                throw CheckpointError(.malformed, "complaint kind \(kind)")
            }
            complaintKind = value
        }
    }
}
