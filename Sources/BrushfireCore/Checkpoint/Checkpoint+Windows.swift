/// A value a pane ring holds, as a checkpoint stores it.
protocol CheckpointPaneValue {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(CheckpointError)
}

extension PaneRing where Value: CheckpointPaneValue {
    func write(to writer: inout BinaryWriter) {
        writer.i64(paneMillis)
        writer.count(capacity, "pane ring capacity")
        writer.optionalI64(newestPane)
        writer.count(slots.count, "pane slots")
        for slot in slots { slot.write(to: &writer) }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let paneMillis = try reader.i64("pane width")
        // Not a count of what follows (an unused ring holds no slots): bounded on its own.
        let rawCapacity = try reader.varint("pane ring capacity")
        guard rawCapacity <= 1 << 24 else {
            throw CheckpointError(.malformed, "pane ring capacity \(rawCapacity) is beyond any window setting")
        }
        let capacity = Int(rawCapacity)
        guard paneMillis > 0, capacity > 0 else {
            throw CheckpointError(.malformed, "pane ring of \(capacity) panes of \(paneMillis) ms")
        }
        self.init(paneMillis: paneMillis, capacity: capacity)
        newestPane = try reader.optionalI64("newest pane")
        let count = try reader.count("pane slots")
        guard count == 0 || count == capacity else {
            throw CheckpointError(.malformed, "pane ring holds \(count) slots, its capacity is \(capacity)")
        }
        slots.reserveCapacity(count)
        for _ in 0..<count { slots.append(try Value(from: &reader)) }
    }
}

extension Int: CheckpointPaneValue {
    func write(to writer: inout BinaryWriter) { writer.signed(Int64(self)) }
    init(from reader: inout BinaryReader) throws(CheckpointError) { self = try reader.signedInt("pane count") }
}

extension ShopPane: CheckpointPaneValue {
    func write(to writer: inout BinaryWriter) {
        writer.signed(Int64(orders))
        writer.signed(Int64(refunds))
        writer.signed(Int64(negativeReviews))
        writer.signed(Int64(complaints))
        writer.signed(Int64(vagueOrders))
        writer.signed(Int64(newBuyerOrders))
        writer.signed(Int64(mismatchedOrders))
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        orders = try reader.signed32("pane orders")
        refunds = try reader.signed32("pane refunds")
        negativeReviews = try reader.signed32("pane negative reviews")
        complaints = try reader.signed32("pane complaints")
        vagueOrders = try reader.signed32("pane vague orders")
        newBuyerOrders = try reader.signed32("pane new-buyer orders")
        mismatchedOrders = try reader.signed32("pane mismatched orders")
    }
}

extension DistinctCounter {
    /// Each key's pane is written as its distance back from the ring's newest pane: a byte or two.
    func write(to writer: inout BinaryWriter) {
        ring.write(to: &writer)
        writer.signed(Int64(entriesAtLastSweep))
        writer.count(lastSeen.count, "distinct keys")
        writer.reserve(lastSeen.count * 10)
        let newest = ring.newestPane ?? 0
        for (key, pane) in lastSeen {
            writer.u64(key)
            writer.signed(newest &- pane)
        }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let ring = try PaneRing<Int>(from: &reader)
        self.init(paneMillis: ring.paneMillis, capacity: ring.capacity)
        self.ring = ring
        entriesAtLastSweep = try reader.signedInt("distinct counter sweep size")
        let count = try reader.count("distinct keys", minimumSize: 9)
        lastSeen.reserveCapacity(count)
        let newest = ring.newestPane ?? 0
        for _ in 0..<count {
            let key = try reader.u64("distinct key")
            let pane = newest &- (try reader.signed("distinct key pane"))
            guard pane != PaneMap.empty else { throw CheckpointError(.malformed, "distinct key pane is out of range") }
            lastSeen.updateValue(pane, forKey: key)
        }
    }
}

extension HourTally {
    func write(to writer: inout BinaryWriter) {
        writer.i64(hour)
        for value in [orders, refunds, vague, newBuyers, mismatched] { writer.signed(Int64(value)) }
        writer.bool(underIncident)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(hour: try reader.i64("tally hour"))
        orders = try reader.signedInt("tally orders")
        refunds = try reader.signedInt("tally refunds")
        vague = try reader.signedInt("tally vague")
        newBuyers = try reader.signedInt("tally new buyers")
        mismatched = try reader.signedInt("tally mismatched")
        underIncident = try reader.bool("tally under incident")
    }
}

extension DecayedShare {
    func write(to writer: inout BinaryWriter) {
        writer.f64(numerator)
        writer.f64(denominator)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        numerator = try reader.f64("share numerator")
        denominator = try reader.f64("share denominator")
    }
}

extension ShopBaseline {
    func write(to writer: inout BinaryWriter) {
        writer.count(byHourOfDay.count, "baseline hours of day")
        for value in byHourOfDay { writer.f64(value) }
        writer.u32(hoursOfDaySeen)
        for value in [level, slowLevel, fastLevel, refundsPerHour] { writer.f64(value) }
        writer.signed(Int64(hoursClosed))
        for share in [vague, newBuyers, mismatched, refunded] { share.write(to: &writer) }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        let hours = try reader.count("baseline hours of day", minimumSize: 8)
        guard hours == 0 || hours == 24 else {
            throw CheckpointError(.malformed, "baseline has \(hours) hours of day")
        }
        for _ in 0..<hours { byHourOfDay.append(try reader.f64("baseline hour")) }
        hoursOfDaySeen = try reader.u32("baseline hours seen")
        level = try reader.f64("baseline level")
        slowLevel = try reader.f64("baseline slow level")
        fastLevel = try reader.f64("baseline fast level")
        refundsPerHour = try reader.f64("baseline refunds per hour")
        hoursClosed = try reader.signedInt("baseline hours closed")
        vague = try DecayedShare(from: &reader)
        newBuyers = try DecayedShare(from: &reader)
        mismatched = try DecayedShare(from: &reader)
        refunded = try DecayedShare(from: &reader)
    }
}

extension PlatformBaseline {
    func write(to writer: inout BinaryWriter) {
        writer.optionalI64(hour)
        tally.write(to: &writer)
        for share in [vague, newBuyers, mismatched, refunded] { share.write(to: &writer) }
        writer.f64(capped)
        writer.bool(lastCapped != nil)
        if let lastCapped { writer.f64(lastCapped) }
        writer.bool(!cappedByHourOfDay.isEmpty)
        for value in cappedByHourOfDay { writer.f64(value) }
        writer.u32(cappedHoursSeen)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        hour = try reader.optionalI64("platform hour")
        tally = try HourTally(from: &reader)
        vague = try DecayedShare(from: &reader)
        newBuyers = try DecayedShare(from: &reader)
        mismatched = try DecayedShare(from: &reader)
        refunded = try DecayedShare(from: &reader)
        capped = try reader.f64("platform capped orders")
        if try reader.bool("platform last capped") { lastCapped = try reader.f64("platform last capped orders") }
        if try reader.bool("platform capped by hour of day") {
            cappedByHourOfDay = try (0..<24).map { (_) throws(CheckpointError) in try reader.f64("capped hour") }
        }
        cappedHoursSeen = try reader.u32("platform capped hours seen")
    }
}

extension DedupHorizon {
    /// Writes the remembered ids grouped by the minute of their event time, as the horizon expires them.
    func write(to writer: inout BinaryWriter) {
        writer.count(byMinute.count, "dedup minutes")
        writer.reserve(seen.count * 8 + byMinute.count * 16)
        for (minute, ids) in byMinute {
            writer.i64(minute)
            writer.count(ids.count, "dedup ids")
            for id in ids { writer.u64(id) }
        }
    }

    /// Reads ids written by ``write(to:)`` into this (empty) horizon, keeping its own limits.
    mutating func read(from reader: inout BinaryReader) throws(CheckpointError) {
        let minutes = try reader.count("dedup minutes", minimumSize: 9)
        byMinute.reserveCapacity(minutes)
        for _ in 0..<minutes {
            let minute = try reader.i64("dedup minute")
            guard minute >= Timestamp.earliest / 60_000, minute < Timestamp.endOfRange / 60_000 else {
                throw CheckpointError(.malformed, "dedup minute \(minute) is outside 2000–2099")
            }
            let count = try reader.count("dedup ids", minimumSize: 8)
            guard count > 0, byMinute[minute] == nil else {
                throw CheckpointError(.malformed, "dedup minute \(minute) is empty or appears twice")
            }
            var ids: [UInt64] = []
            ids.reserveCapacity(count)
            seen.reserveCapacity(seen.count + count)
            for _ in 0..<count {
                let id = try reader.u64("dedup id")
                guard seen.updateValue(minute, forKey: id) == nil else {
                    throw CheckpointError(.malformed, "dedup id \(id) appears twice")
                }
                ids.append(id)
            }
            byMinute[minute] = ids
            oldestMinute = min(oldestMinute ?? minute, minute)
        }
    }
}

extension WatermarkTracker.Source {
    func write(to writer: inout BinaryWriter) {
        writer.optionalI64(highest)
        writer.bool(idle)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        highest = try reader.optionalI64("source highest event time")
        idle = try reader.bool("source idle")
    }
}

extension BuyerRecord {
    func write(to writer: inout BinaryWriter) {
        writer.i64(firstSeen)
        writer.signed(lastSeen &- firstSeen)
        writer.signed(Int64(orders))
        writer.u64(lastPhone)
        writer.u64(lastAddress)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let firstSeen = try reader.time("buyer first seen")
        let lastSeen = firstSeen &+ (try reader.signed("buyer last seen"))
        guard lastSeen >= firstSeen, lastSeen < Timestamp.endOfRange else {
            throw CheckpointError(.malformed, "buyer last seen \(lastSeen) is before its first order or past 2099")
        }
        self.init(firstSeen: firstSeen, lastSeen: lastSeen)
        orders = try reader.signed32("buyer orders")
        lastPhone = try reader.u64("buyer phone")
        lastAddress = try reader.u64("buyer address")
    }

    /// The fewest bytes one takes, to check a count against the bytes left.
    static let minimumEncodedSize = 8 + 1 + 1 + 16
}

extension PhoneRecord {
    func write(to writer: inout BinaryWriter) {
        writer.i64(lastSeen)
        writer.u64(lastName)
        writer.u64(lastBuyer)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(
            lastSeen: try reader.time("phone last seen"), lastName: try reader.u64("name"),
            lastBuyer: try reader.u64("buyer"))
    }

    static let encodedSize = 24
}

extension OrderRecord {
    /// Writes the record with its shop given by the caller (a position within the part being written).
    func write(to writer: inout BinaryWriter, shop: Int32) {
        writer.varint(UInt64(UInt32(bitPattern: shop)))
        writer.i64(timestamp)
        writer.u64(buyer)
        writer.u64(phone)
        writer.u64(address)
        writer.bool(refunded)
        writer.u8(ringFlags)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let shop = try reader.varint("order shop")
        guard shop <= UInt64(Int32.max) else { throw CheckpointError(.malformed, "order of shop \(shop)") }
        self.init(
            shop: Int32(shop), timestamp: try reader.time("order time"), buyer: try reader.u64("order buyer"),
            phone: try reader.u64("order phone"), address: try reader.u64("order address"))
        refunded = try reader.bool("order refunded")
        ringFlags = try reader.u8("order ring flags")
    }

    static let minimumEncodedSize = 1 + 32 + 2
}
