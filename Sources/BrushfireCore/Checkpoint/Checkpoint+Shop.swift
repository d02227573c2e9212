extension ShopWindows {
    func write(to writer: inout BinaryWriter) {
        writer.string(id)
        writer.i64(firstSeen)
        writer.i64(lastEvent)
        panes.write(to: &writer)
        buyers.write(to: &writer)
        phones.write(to: &writer)
        addresses.write(to: &writer)
        tally.write(to: &writer)
        baseline.write(to: &writer)
        writer.count(recentOrders.count, "recent orders")
        for recent in recentOrders {
            writer.string(recent.order)
            writer.string(recent.buyer)
        }
        writer.signed(Int64(recentHead))
        writer.bool(underIncident)
        minutes.write(to: &writer)
        writer.count(closedHours.hours.count, "closed hours")
        for hour in closedHours.hours {
            writer.i64(hour.hour)
            for value in [hour.orders, hour.vague, hour.newBuyers, hour.mismatched] { writer.signed(Int64(value)) }
            writer.f64(hour.expected)
        }
        writer.optionalI64(lastBurstClosed)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        id = try reader.string("shop id")
        firstSeen = try reader.time("shop first seen")
        lastEvent = try reader.time("shop last event")
        panes = try PaneRing(from: &reader)
        buyers = try DistinctCounter(from: &reader)
        phones = try DistinctCounter(from: &reader)
        addresses = try DistinctCounter(from: &reader)
        tally = try HourTally(from: &reader)
        baseline = try ShopBaseline(from: &reader)
        let recent = try reader.count("recent orders", minimumSize: 2)
        guard recent <= Self.recentCapacity else {
            throw CheckpointError(.malformed, "\(recent) recent orders, at most \(Self.recentCapacity) are kept")
        }
        for _ in 0..<recent {
            recentOrders.append((try reader.string("recent order id"), try reader.string("recent buyer id")))
        }
        recentHead = try reader.signedInt("recent orders head")
        guard recentHead >= 0, recentHead < max(recent, 1) else {
            throw CheckpointError(.malformed, "recent orders head \(recentHead) of \(recent)")
        }
        underIncident = try reader.bool("shop under incident")
        minutes = try MinuteHistory(from: &reader)
        let closed = try reader.count("closed hours", minimumSize: 20)
        guard closed <= 24 else { throw CheckpointError(.malformed, "\(closed) closed hours, at most 24 are kept") }
        var hours: [ClosedHour] = []
        for _ in 0..<closed {
            hours.append(
                ClosedHour(
                    hour: try reader.i64("closed hour"), orders: try reader.signed32("closed hour orders"),
                    vague: try reader.signed32("closed hour vague"),
                    newBuyers: try reader.signed32("closed hour new buyers"),
                    mismatched: try reader.signed32("closed hour mismatched"),
                    expected: try reader.f64("closed hour expected")))
        }
        // The capacity follows the rules the engine restores with (`ShopState(windows:rules:)`).
        closedHours = ClosedHours(hours: hours, capacity: 24)
        lastBurstClosed = try reader.optionalI64("last burst closed")
    }

    /// The fewest bytes one takes, to check a count against the bytes left.
    static let minimumEncodedSize = 48
}

extension OpenBurst {
    func write(to writer: inout BinaryWriter) {
        key.write(to: &writer)
        writer.i64(start)
        for value in [orders, vague, newBuyers, mismatched] { writer.signed(Int64(value)) }
        writer.f64(expectedOrders)
        writer.signed(Int64(refunded))
        writer.strings(evidenceOrders)
        writer.strings(evidenceBuyers)
        writer.f64(peakRatio)
        for value in [held.orders, held.vague, held.newBuyers, held.mismatched] { writer.signed(Int64(value)) }
        for value in [heldDistinct.buyers, heldDistinct.phones, heldDistinct.addresses] { writer.signed(Int64(value)) }
        writer.signed(heldDistinct.span)
        writer.bool(slow)
        writer.count(items.count, "burst items")
        for item in items {
            writer.string(item.id)
            item.panes.write(to: &writer)
        }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(key: try IncidentKey(from: &reader))
        start = try reader.i64("burst start")
        orders = try reader.signedInt("burst orders")
        vague = try reader.signedInt("burst vague")
        newBuyers = try reader.signedInt("burst new buyers")
        mismatched = try reader.signedInt("burst mismatched")
        expectedOrders = try reader.f64("burst expected orders")
        refunded = try reader.signedInt("burst refunded")
        evidenceOrders = try reader.strings("burst evidence orders")
        evidenceBuyers = try reader.strings("burst evidence buyers")
        peakRatio = try reader.f64("burst peak ratio")
        held = Counts(
            orders: try reader.signedInt("held orders"), vague: try reader.signedInt("held vague"),
            newBuyers: try reader.signedInt("held new buyers"), mismatched: try reader.signedInt("held mismatched"))
        heldDistinct = Distinct(
            buyers: try reader.signedInt("held distinct buyers"), phones: try reader.signedInt("held distinct phones"),
            addresses: try reader.signedInt("held distinct addresses"), span: try reader.signed("held distinct span"))
        slow = try reader.bool("slow burst")
        let count = try reader.count("burst items", minimumSize: 4)
        guard count <= Self.itemLimit else {
            throw CheckpointError(.malformed, "\(count) burst items, at most \(Self.itemLimit) are kept")
        }
        for _ in 0..<count {
            items.append(ItemCohort(id: try reader.string("burst item"), panes: try PaneRing(from: &reader)))
        }
    }
}

extension BurstRecord {
    func write(to writer: inout BinaryWriter) {
        writer.i64(start)
        writer.optionalI64(end)
        writer.i64(lastHeld)
        writer.signed(Int64(orders))
        writer.f64(expectedOrders)
        writer.f64(normalRefundShare)
        writer.signed(Int64(refunded))
        writer.bool(refundedSinceEvaluation)
        writer.strings(evidenceOrders)
        writer.strings(evidenceBuyers)
        writer.bool(reverseKey != nil)
        reverseKey?.write(to: &writer)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(
            start: try reader.i64("burst start"), end: try reader.optionalI64("burst end"),
            lastHeld: try reader.i64("burst last held"), orders: try reader.signedInt("burst orders"),
            expectedOrders: try reader.f64("burst expected orders"),
            normalRefundShare: try reader.f64("burst normal refund share"))
        refunded = try reader.signedInt("burst refunded")
        refundedSinceEvaluation = try reader.bool("burst refunded since evaluation")
        evidenceOrders = try reader.strings("burst evidence orders")
        evidenceBuyers = try reader.strings("burst evidence buyers")
        if try reader.bool("reverse key") { reverseKey = try IncidentKey(from: &reader) }
    }
}

extension MinuteHistory {
    /// The entries (minute, orders, refunds) and the index of the first live one.
    func write(to writer: inout BinaryWriter) {
        writer.count(entries.count, "minute history entries")
        for entry in entries {
            writer.i64(entry.minute)
            writer.signed(Int64(entry.orders))
            writer.signed(Int64(entry.refunds))
        }
        writer.signed(Int64(head))
    }

    /// Refuses a first live entry past the entries, which a damaged checkpoint can hold and `record` would trap on.
    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        let count = try reader.count("minute history entries", minimumSize: 10)
        entries.reserveCapacity(count)
        for _ in 0..<count {
            entries.append(
                Minute(
                    minute: try reader.i64("history minute"), orders: try reader.signed32("history orders"),
                    refunds: try reader.signed32("history refunds")))
        }
        head = try reader.signedInt("minute history head")
        guard head >= 0, head <= entries.count else {
            throw CheckpointError(.malformed, "minute history head \(head) is outside the \(entries.count) entries")
        }
    }
}
