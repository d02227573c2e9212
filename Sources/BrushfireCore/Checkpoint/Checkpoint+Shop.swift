extension ShopState: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.string(id)
        writer.i64(firstSeen)
        writer.i64(lastEvent)
        panes.write(to: &writer)
        refundPanes.write(to: &writer)
        buyers.write(to: &writer)
        phones.write(to: &writer)
        addresses.write(to: &writer)
        tally.write(to: &writer)
        baseline.write(to: &writer)
        writer.count(recentOrders.count)
        for recent in recentOrders {
            writer.string(recent.order)
            writer.string(recent.buyer)
        }
        writer.int(recentHead)
        writer.bool(burst != nil)
        burst?.write(to: &writer)
        writer.count(bursts.count)
        for record in bursts { record.write(to: &writer) }
        writer.bool(dirty)
        writer.codable(minutes)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        id = try reader.string("shop id")
        firstSeen = try reader.i64("shop first seen")
        lastEvent = try reader.i64("shop last event")
        panes = try PaneRing(from: &reader)
        refundPanes = try PaneRing(from: &reader)
        buyers = try DistinctCounter(from: &reader)
        phones = try DistinctCounter(from: &reader)
        addresses = try DistinctCounter(from: &reader)
        tally = try HourTally(from: &reader)
        baseline = try ShopBaseline(from: &reader)
        let recent = try reader.count("recent orders", minimumSize: 8)
        guard recent <= Self.recentCapacity else {
            throw CheckpointError(.malformed, "\(recent) recent orders, at most \(Self.recentCapacity) are kept")
        }
        for _ in 0..<recent {
            recentOrders.append((try reader.string("recent order id"), try reader.string("recent buyer id")))
        }
        recentHead = try reader.int("recent orders head")
        guard recentHead >= 0, recentHead < max(recent, 1) else {
            throw CheckpointError(.malformed, "recent orders head \(recentHead) of \(recent)")
        }
        if try reader.bool("open burst") { burst = try OpenBurst(from: &reader) }
        let count = try reader.count("traced bursts", minimumSize: 8)
        for _ in 0..<count { bursts.append(try BurstRecord(from: &reader)) }
        dirty = try reader.bool("shop dirty")
        minutes = try reader.codable(MinuteHistory.self, "minute history") ?? MinuteHistory()
    }
}

extension OpenBurst: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        key.write(to: &writer)
        for value in [orders, vague, newBuyers, mismatched] { writer.int(value) }
        writer.strings(evidenceOrders)
        writer.strings(evidenceBuyers)
        writer.f64(peakRatio)
        for value in [held.orders, held.vague, held.newBuyers, held.mismatched] { writer.int(value) }
        for value in [heldDistinct.buyers, heldDistinct.phones, heldDistinct.addresses] { writer.int(value) }
        writer.i64(heldDistinct.span)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(key: try IncidentKey(from: &reader))
        orders = try reader.int("burst orders")
        vague = try reader.int("burst vague")
        newBuyers = try reader.int("burst new buyers")
        mismatched = try reader.int("burst mismatched")
        evidenceOrders = try reader.strings("burst evidence orders")
        evidenceBuyers = try reader.strings("burst evidence buyers")
        peakRatio = try reader.f64("burst peak ratio")
        held = Counts(
            orders: try reader.int("held orders"), vague: try reader.int("held vague"),
            newBuyers: try reader.int("held new buyers"), mismatched: try reader.int("held mismatched"))
        heldDistinct = Distinct(
            buyers: try reader.int("held distinct buyers"), phones: try reader.int("held distinct phones"),
            addresses: try reader.int("held distinct addresses"), span: try reader.i64("held distinct span"))
    }
}

extension BurstRecord: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.i64(start)
        writer.optionalI64(end)
        writer.i64(lastHeld)
        writer.int(orders)
        writer.f64(expectedOrders)
        writer.f64(normalRefundShare)
        writer.int(refunded)
        writer.bool(refundedSinceEvaluation)
        writer.strings(evidenceOrders)
        writer.strings(evidenceBuyers)
        writer.bool(reverseKey != nil)
        reverseKey?.write(to: &writer)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(
            start: try reader.i64("burst start"), end: try reader.optionalI64("burst end"),
            lastHeld: try reader.i64("burst last held"), orders: try reader.int("burst orders"),
            expectedOrders: try reader.f64("burst expected orders"),
            normalRefundShare: try reader.f64("burst normal refund share"))
        refunded = try reader.int("burst refunded")
        refundedSinceEvaluation = try reader.bool("burst refunded since evaluation")
        evidenceOrders = try reader.strings("burst evidence orders")
        evidenceBuyers = try reader.strings("burst evidence buyers")
        if try reader.bool("reverse key") { reverseKey = try IncidentKey(from: &reader) }
    }
}
