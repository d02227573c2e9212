extension PaneRing: CheckpointCodable where Value: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.i64(paneMillis)
        writer.count(capacity)
        writer.optionalI64(newestPane)
        writer.count(slots.count)
        for slot in slots { slot.write(to: &writer) }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let paneMillis = try reader.i64("pane width")
        let capacity = try reader.count("pane ring capacity")
        guard paneMillis > 0, capacity > 0 else {
            throw CheckpointError(.malformed, "pane ring of \(capacity) panes of \(paneMillis) ms")
        }
        self.init(paneMillis: paneMillis, capacity: capacity)
        newestPane = try reader.optionalI64("newest pane")
        let count = try reader.count("pane slots", minimumSize: 4)
        guard count == 0 || count == capacity else {
            throw CheckpointError(.malformed, "pane ring holds \(count) slots, its capacity is \(capacity)")
        }
        slots.reserveCapacity(count)
        for _ in 0..<count { slots.append(try Value(from: &reader)) }
    }
}

extension ShopPane: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        for value in [orders, refunds, negativeReviews, complaints, vagueOrders, newBuyerOrders, mismatchedOrders] {
            writer.i32(value)
        }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        orders = try reader.i32("pane orders")
        refunds = try reader.i32("pane refunds")
        negativeReviews = try reader.i32("pane negative reviews")
        complaints = try reader.i32("pane complaints")
        vagueOrders = try reader.i32("pane vague orders")
        newBuyerOrders = try reader.i32("pane new-buyer orders")
        mismatchedOrders = try reader.i32("pane mismatched orders")
    }
}

extension DistinctCounter: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        ring.write(to: &writer)
        writer.int(entriesAtLastSweep)
        writer.count(lastSeen.count)
        writer.reserve(lastSeen.count * 16)
        for (key, pane) in lastSeen {
            writer.u64(key)
            writer.i64(pane)
        }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let ring = try PaneRing<Int>(from: &reader)
        self.init(paneMillis: ring.paneMillis, capacity: ring.capacity)
        self.ring = ring
        entriesAtLastSweep = try reader.int("distinct counter sweep size")
        let count = try reader.count("distinct keys", minimumSize: 16)
        lastSeen.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.u64("distinct key")
            lastSeen[key] = try reader.i64("distinct key pane")
        }
    }
}

extension HourTally: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.i64(hour)
        for value in [orders, refunds, vague, newBuyers, mismatched] { writer.int(value) }
        writer.bool(underIncident)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(hour: try reader.i64("tally hour"))
        orders = try reader.int("tally orders")
        refunds = try reader.int("tally refunds")
        vague = try reader.int("tally vague")
        newBuyers = try reader.int("tally new buyers")
        mismatched = try reader.int("tally mismatched")
        underIncident = try reader.bool("tally under incident")
    }
}

extension DecayedShare: CheckpointCodable {
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

extension ShopBaseline: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.count(byHourOfDay.count)
        for value in byHourOfDay { writer.f64(value) }
        writer.u32(hoursOfDaySeen)
        for value in [level, slowLevel, fastLevel, refundsPerHour] { writer.f64(value) }
        writer.int(hoursClosed)
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
        hoursClosed = try reader.int("baseline hours closed")
        vague = try DecayedShare(from: &reader)
        newBuyers = try DecayedShare(from: &reader)
        mismatched = try DecayedShare(from: &reader)
        refunded = try DecayedShare(from: &reader)
    }
}

extension PlatformBaseline: CheckpointCodable {
    func write(to writer: inout BinaryWriter) {
        writer.optionalI64(hour)
        tally.write(to: &writer)
        for share in [vague, newBuyers, mismatched, refunded] { share.write(to: &writer) }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init()
        hour = try reader.optionalI64("platform hour")
        tally = try HourTally(from: &reader)
        vague = try DecayedShare(from: &reader)
        newBuyers = try DecayedShare(from: &reader)
        mismatched = try DecayedShare(from: &reader)
        refunded = try DecayedShare(from: &reader)
    }
}

extension DedupHorizon {
    /// Writes the remembered ids with the minute of their event time.
    func write(to writer: inout BinaryWriter) {
        writer.count(seen.count)
        writer.reserve(seen.count * 16)
        for (id, minute) in seen {
            writer.u64(id)
            writer.i64(minute)
        }
    }

    /// Reads ids written by ``write(to:)`` into this (empty) horizon, keeping its own limits.
    mutating func read(from reader: inout BinaryReader) throws(CheckpointError) {
        let count = try reader.count("dedup ids", minimumSize: 16)
        seen.reserveCapacity(count)
        for _ in 0..<count {
            let id = try reader.u64("dedup id")
            let minute = try reader.i64("dedup minute")
            seen[id] = minute
            byMinute[minute, default: []].append(id)
            oldestMinute = min(oldestMinute ?? minute, minute)
        }
    }
}

extension WatermarkTracker.Source: CheckpointCodable {
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
        writer.i64(lastSeen)
        writer.i32(orders)
        writer.u64(lastPhone)
        writer.u64(lastAddress)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(firstSeen: try reader.i64("buyer first seen"), lastSeen: try reader.i64("buyer last seen"))
        orders = try reader.i32("buyer orders")
        lastPhone = try reader.u64("buyer phone")
        lastAddress = try reader.u64("buyer address")
    }

    static let encodedSize = 36
}

extension OrderRecord {
    /// Writes the record with its shop given by the caller (an index within the section being written).
    func write(to writer: inout BinaryWriter, shop: Int32) {
        writer.i32(shop)
        writer.i64(timestamp)
        writer.u64(buyer)
        writer.u64(phone)
        writer.u64(address)
        writer.bool(refunded)
        writer.u8(ringFlags)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(
            shop: try reader.i32("order shop"), timestamp: try reader.i64("order time"),
            buyer: try reader.u64("order buyer"), phone: try reader.u64("order phone"),
            address: try reader.u64("order address"))
        refunded = try reader.bool("order refunded")
        ringFlags = try reader.u8("order ring flags")
    }

    static let encodedSize = 38
}
