// The ring and review detectors' state as checkpoints store it: the `identity-windows`, `ring-groups`,
// `identity-pending` and `shop-reviews` sections. A change to any of these layouts bumps its section's version.

extension RingState {
    /// The `identity-windows` section: every phone, door and account window, the keys waiting for evaluation, and
    /// the last eviction sweep.
    func writeWindows(to writer: inout BinaryWriter) {
        for table in [phones, addresses, buyers] {
            writer.count(table.count, "identity windows")
            writer.reserve(table.count * 64)
            for (key, window) in table {
                writer.u64(key)
                window.write(to: &writer)
            }
        }
        writer.count(dirtyKeys.count, "identity keys to evaluate")
        for key in dirtyKeys { key.write(to: &writer) }
        writer.i64(lastSweep)
    }

    mutating func readWindows(from reader: inout BinaryReader) throws(CheckpointError) {
        try Self.readTable(&reader, into: &phones, kind: .phone)
        try Self.readTable(&reader, into: &addresses, kind: .address)
        try Self.readTable(&reader, into: &buyers, kind: .buyer)
        let dirty = try reader.count("identity keys to evaluate", minimumSize: 9)
        dirtyKeys.reserveCapacity(dirty)
        for _ in 0..<dirty { dirtyKeys.append(try IdentityKey(from: &reader)) }
        lastSweep = try reader.timeOrNever("last ring sweep")
    }

    private static func readTable(
        _ reader: inout BinaryReader, into table: inout FlatTable<IdentityWindow>, kind: IdentityKind
    )
        throws(CheckpointError)
    {
        let count = try reader.count("identity windows", minimumSize: 8 + IdentityWindow.minimumEncodedSize)
        table.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.u64("identity key")
            // Read in place in the table: a window made apart and then stored was copied in (retaining and
            // releasing each of its two dozen arrays).
            try table.update(key, orMake: { IdentityWindow(label: "", at: 0, kind: kind) }) {
                (window) throws(CheckpointError) in
                try window.read(from: &reader)
            }
        }
    }

    /// The `ring-groups` section: the open groups, which keys belong to them, and the last time quiet groups were
    /// checked.
    func writeGroups(to writer: inout BinaryWriter) {
        writer.count(groups.count, "ring groups")
        for id in groups.keys.sorted() { groups[id]!.write(to: &writer) }
        writer.signed(Int64(nextGroupID))
        for membership in [ringMembership, abuseMembership] {
            writer.count(membership.count, "ring members")
            for (key, id) in membership {
                key.write(to: &writer)
                writer.signed(Int64(id))
            }
        }
        writer.i64(lastGroupCheck)
    }

    mutating func readGroups(from reader: inout BinaryReader) throws(CheckpointError) {
        let count = try reader.count("ring groups", minimumSize: 30)
        for _ in 0..<count {
            let group = try RingGroup(from: &reader)
            guard groups.updateValue(group, forKey: group.id) == nil else {
                throw CheckpointError(.malformed, "ring group \(group.id) appears twice")
            }
        }
        nextGroupID = try reader.signedInt("next ring group")
        if let highest = groups.keys.max(), highest >= nextGroupID {
            throw CheckpointError(.malformed, "ring group \(highest) is not below the next id \(nextGroupID)")
        }
        // The detectors rely on a member's group existing.
        ringMembership = try readMembership(&reader)
        abuseMembership = try readMembership(&reader)
        lastGroupCheck = try reader.timeOrNever("last ring group check")
    }

    private func readMembership(_ reader: inout BinaryReader) throws(CheckpointError) -> [IdentityKey: Int] {
        let count = try reader.count("ring members", minimumSize: 10)
        var membership: [IdentityKey: Int] = [:]
        membership.reserveCapacity(count)
        for _ in 0..<count {
            let key = try IdentityKey(from: &reader)
            let id = try reader.signedInt("ring group of a member")
            guard groups[id] != nil else { throw CheckpointError(.malformed, "a member of missing ring group \(id)") }
            membership[key] = id
        }
        return membership
    }
}

extension IdentityKey {
    func write(to writer: inout BinaryWriter) {
        writer.u8(kind.rawValue)
        writer.u64(value)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let raw = try reader.u8("identity kind")
        guard let kind = IdentityKind(rawValue: raw) else { throw CheckpointError(.malformed, "identity kind \(raw)") }
        self.init(kind: kind, value: try reader.u64("identity key"))
    }
}

extension IdentityWindow {
    /// Times within the window are written back from its last-seen time, days back from its day: a byte or a few.
    /// Inlined into the loop over a table, and not throwing, so that the window is read in place rather than copied
    /// out of the table (a copy retains and releases each of its two dozen arrays).
    @inline(__always)
    func write(to writer: inout BinaryWriter) {
        writer.i64(lastSeen)
        writer.string(label)
        let lastDay = Int64(lastSeen / Self.dayMillis)
        writer.count(older.count + (newest == nil ? 0 : 1), "identity days")
        for day in older { day.write(to: &writer, before: lastDay) }
        newest?.write(to: &writer, before: lastDay)
        // One call per sketch rather than a loop over an array of them: an array would be allocated per window.
        let trouble = self.trouble
        accounts.write(to: &writer, before: lastSeen)
        trouble.refundShops.write(to: &writer, before: lastSeen)
        trouble.refundAccounts.write(to: &writer, before: lastSeen)
        trouble.hitShops.write(to: &writer, before: lastSeen)
        trouble.hitAccounts.write(to: &writer, before: lastSeen)
        linkedPhones.write(to: &writer, before: lastSeen)
        linkedAddresses.write(to: &writer, before: lastSeen)
        writer.count(trouble.citations.count, "ring citations")
        for citation in trouble.citations { citation.write(to: &writer, before: lastSeen) }
        writer.varint(UInt64(trouble.citationHead))
        writer.bool(dirty)
    }

    /// Replaces every field with what ``write(to:)`` wrote (a field added to the window must be read here too: unlike
    /// an initializer, nothing makes the compiler check it).
    mutating func read(from reader: inout BinaryReader) throws(CheckpointError) {
        let lastSeen = try reader.time("identity last seen")
        self.lastSeen = lastSeen
        label = try reader.string("identity label")
        let lastDay = Int64(lastSeen / Self.dayMillis)
        let dayCount = try reader.count("identity days", minimumSize: 6)
        older = []
        older.reserveCapacity(max(dayCount - 1, 0))
        newest = nil
        for _ in 0..<dayCount {
            let day = lastDay &- (try reader.signed("identity day"))
            guard day >= 0, day <= lastDay else {
                throw CheckpointError(.malformed, "identity day \(day) after the window's last day \(lastDay)")
            }
            // The newest pane is kept apart from the older ones, so the panes must rise as they were written.
            if let previous = newest {
                guard previous.day < day else {
                    throw CheckpointError(.malformed, "identity day \(day) after day \(previous.day)")
                }
                older.append(previous)
            }
            newest = IdentityDay(
                day: Int32(day), orders: try Self.dayCount(&reader, "orders"),
                refunds: try Self.dayCount(&reader, "refunds"), hits: try Self.dayCount(&reader, "hits"),
                negativeReviews: try Self.dayCount(&reader, "negative reviews"),
                extortion: try Self.dayCount(&reader, "extortion complaints"))
        }
        var trouble = WindowTrouble()
        let accounts = try DistinctSketch(from: &reader, before: lastSeen)
        trouble.refundShops = try DistinctSketch(from: &reader, before: lastSeen)
        trouble.refundAccounts = try DistinctSketch(from: &reader, before: lastSeen)
        trouble.hitShops = try DistinctSketch(from: &reader, before: lastSeen)
        trouble.hitAccounts = try DistinctSketch(from: &reader, before: lastSeen)
        try setLinks(
            accounts: accounts, phones: try DistinctSketch(from: &reader, before: lastSeen),
            doors: try DistinctSketch(from: &reader, before: lastSeen))
        let cited = try reader.count("ring citations", minimumSize: 20)
        guard cited <= Self.citationCapacity else {
            throw CheckpointError(.malformed, "\(cited) ring citations, at most \(Self.citationCapacity) are kept")
        }
        trouble.citations.reserveCapacity(cited)
        for _ in 0..<cited { trouble.citations.append(try RingCitation(from: &reader, before: lastSeen)) }
        let head = try reader.varint("ring citations head")
        guard head < UInt64(max(cited, 1)) else {
            throw CheckpointError(.malformed, "ring citations head \(head) of \(cited)")
        }
        trouble.citationHead = Int(head)
        // Set as a whole, and only allocated when something is in it.
        self.trouble = trouble
        dirty = try reader.bool("identity dirty")
    }

    /// A day's count, bounded so that sums over the longest window cannot overflow.
    @inline(__always)
    private static func dayCount(_ reader: inout BinaryReader, _ what: String) throws(CheckpointError) -> Int32 {
        let value = try reader.signed32(what)
        guard value >= 0, value <= Int32.max / 64 else {
            throw CheckpointError(.malformed, "identity day's \(what) \(value)")
        }
        return value
    }

    /// The fewest bytes one takes, to check a count against the bytes left.
    static let minimumEncodedSize = 8 + 1 + 1 + 7 + 1 + 1 + 1
}

extension IdentityDay {
    /// The day written back from `lastDay`, then its counts.
    @inline(__always)
    func write(to writer: inout BinaryWriter, before lastDay: Int64) {
        writer.signed(lastDay &- Int64(day))
        writer.signed(Int64(orders))
        writer.signed(Int64(refunds))
        writer.signed(Int64(hits))
        writer.signed(Int64(negativeReviews))
        writer.signed(Int64(extortion))
    }
}

extension DistinctSketch {
    /// One byte of state (saturated flag, exactly held keys), the exact keys with their times written back from
    /// `base` (a time at or after every one of them), and once saturated the packed register pairs.
    func write(to writer: inout BinaryWriter, before base: Int64) {
        guard heldCount <= Self.exactLimit, rest.count == max(Int(heldCount) - 1, 0) else {
            writer.fail(
                CheckpointError(
                    .unencodable, "a distinct sketch holds \(heldCount) keys exactly but \(rest.count) after the first"
                ))
            return
        }
        writer.u8(heldCount | (saturated ? 0x80 : 0))
        for index in 0..<Int(heldCount) {
            let held = self[held: index]
            writer.u64(held.key)
            writer.signed(base &- held.seen)
        }
        guard saturated else { return }
        writer.count(pairs.count, "sketch pairs")
        for pair in pairs { writer.u64(pair) }
    }

    init(from reader: inout BinaryReader, before base: Int64) throws(CheckpointError) {
        self.init()
        let state = try reader.u8("sketch state")
        let held = Int(state & 0x7F)
        guard held <= Self.exactLimit else {
            throw CheckpointError(.malformed, "a distinct sketch holding \(held) keys exactly")
        }
        guard held > 0 || state != 0 else { return }
        if held > 1 { rest.reserveCapacity(held - 1) }
        for _ in 0..<held {
            let key = try reader.u64("sketch key")
            append(Held(key: key, seen: base &- (try reader.signed("sketch key time"))))
        }
        saturated = state & 0x80 != 0
        guard saturated else { return }
        let count = try reader.count("sketch pairs", minimumSize: 8)
        pairs.reserveCapacity(count)
        var register = 0
        for _ in 0..<count {
            let pair = try reader.u64("sketch pair")
            guard Self.register(pair) >= register else {
                throw CheckpointError(.malformed, "sketch pairs out of register order")
            }
            register = Self.register(pair)
            pairs.append(pair)
        }
    }
}

extension RingCitation {
    func write(to writer: inout BinaryWriter, before base: Int64) {
        writer.string(order)
        writer.string(buyer)
        writer.u64(orderKey)
        writer.u64(buyerKey)
        writer.signed(base &- time)
        writer.u8((refund ? 1 : 0) | (hit ? 2 : 0) | (extortion ? 4 : 0))
    }

    init(from reader: inout BinaryReader, before base: Int64) throws(CheckpointError) {
        let order = try reader.string("cited order")
        let buyer = try reader.string("cited buyer")
        let orderKey = try reader.u64("cited order key")
        let buyerKey = try reader.u64("cited buyer key")
        let time = base &- (try reader.signed("cited order time"))
        guard time >= Timestamp.earliest, time < Timestamp.endOfRange else {
            throw CheckpointError(.malformed, "cited order time \(time) is outside 2000–2099")
        }
        let flags = try reader.u8("citation flags")
        guard flags < 8 else { throw CheckpointError(.malformed, "citation flags \(flags)") }
        self.init(
            order: order, buyer: buyer, orderKey: orderKey, buyerKey: buyerKey, time: time, refund: flags & 1 != 0,
            hit: flags & 2 != 0, extortion: flags & 4 != 0)
    }
}

extension RingGroup {
    func write(to writer: inout BinaryWriter) {
        writer.signed(Int64(id))
        writer.string(rule)
        subjectKey.write(to: &writer)
        writer.string(subjectID)
        writer.optionalString(subjectDisplay)
        writer.count(members.count, "ring group members")
        for member in members { member.write(to: &writer) }
        for set in [accounts, shops, orders, extortionOrders] {
            writer.count(set.count, "ring group keys")
            for key in set { writer.u64(key) }
        }
        writer.strings(evidenceOrders)
        writer.strings(evidenceBuyers)
        writer.i64(firstCited)
        writer.i64(lastHeld)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        id = try reader.signedInt("ring group id")
        rule = try reader.string("ring group rule")
        subjectKey = try IdentityKey(from: &reader)
        subjectID = try reader.string("ring group subject")
        subjectDisplay = try reader.optionalString("ring group subject display")
        let memberCount = try reader.count("ring group members", minimumSize: 9)
        members.reserveCapacity(memberCount)
        for _ in 0..<memberCount { members.append(try IdentityKey(from: &reader)) }
        accounts = try Self.readSet(&reader)
        shops = try Self.readSet(&reader)
        orders = try Self.readSet(&reader)
        extortionOrders = try Self.readSet(&reader)
        evidenceOrders = try reader.strings("ring group evidence orders")
        evidenceBuyers = try reader.strings("ring group evidence buyers")
        firstCited = try reader.time("ring group first cited")
        lastHeld = try reader.time("ring group last held")
    }

    private static func readSet(_ reader: inout BinaryReader) throws(CheckpointError) -> Set<UInt64> {
        let count = try reader.count("ring group keys", minimumSize: 8)
        var set = Set<UInt64>(minimumCapacity: count)
        for _ in 0..<count { set.insert(try reader.u64("ring group key")) }
        return set
    }
}

extension ShopReviews {
    func write(to writer: inout BinaryWriter) {
        writer.count(bombing.recent.count, "negative reviews")
        for review in bombing.recent { review.write(to: &writer) }
        writer.f64(bombing.perHour)
        writer.signed(Int64(bombing.hoursClosed))
        writer.i64(bombing.hour)
        writer.signed(Int64(bombing.hourCount))
        writer.count(bombing.cited.count, "cited reviews")
        for review in bombing.cited { review.write(to: &writer) }
        writer.bool(bombing.open)
        writer.count(retaliation.reviewers.count, "reviewers")
        for (buyer, time) in retaliation.reviewers {
            writer.u64(buyer)
            writer.i64(time)
        }
        writer.count(retaliation.retaliations.count, "retaliations")
        for retaliated in retaliation.retaliations { retaliated.write(to: &writer) }
        writer.bool(retaliation.open)
        writer.bool(dirty)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let recent = try Self.readReviews(&reader, "negative reviews")
        let perHour = try reader.f64("reviews per hour")
        let hoursClosed = try reader.signedInt("review hours closed")
        let hour = try reader.i64("review hour")
        guard hour >= Timestamp.earliest / 3_600_000, hour < Timestamp.endOfRange / 3_600_000 else {
            throw CheckpointError(.malformed, "review hour \(hour) is outside 2000–2099")
        }
        var bombing = ReviewBombingOperator.State(at: hour * 3_600_000)
        bombing.recent = recent
        bombing.perHour = perHour
        bombing.hoursClosed = hoursClosed
        bombing.hourCount = try reader.signedInt("reviews this hour")
        bombing.cited = try Self.readReviews(&reader, "cited reviews")
        bombing.open = try reader.bool("bombing open")
        var retaliation = RetaliationOperator.State()
        let reviewerCount = try reader.count("reviewers", minimumSize: 16)
        retaliation.reviewers.reserveCapacity(reviewerCount)
        for _ in 0..<reviewerCount {
            let buyer = try reader.u64("reviewer")
            retaliation.reviewers[buyer] = try reader.time("reviewer's review time")
        }
        let retaliationCount = try reader.count("retaliations", minimumSize: 26)
        retaliation.retaliations.reserveCapacity(retaliationCount)
        for _ in 0..<retaliationCount { retaliation.retaliations.append(try Retaliated(from: &reader)) }
        retaliation.open = try reader.bool("retaliation open")
        self.init(bombing: bombing, retaliation: retaliation, dirty: try reader.bool("reviews dirty"))
    }

    private static func readReviews(_ reader: inout BinaryReader, _ what: String) throws(CheckpointError)
        -> [NegativeReview]
    {
        let count = try reader.count(what, minimumSize: 11)
        var reviews: [NegativeReview] = []
        reviews.reserveCapacity(count)
        for _ in 0..<count { reviews.append(try NegativeReview(from: &reader)) }
        return reviews
    }
}

extension NegativeReview {
    func write(to writer: inout BinaryWriter) {
        writer.i64(time)
        writer.string(order)
        writer.string(buyer)
        writer.u8((isNew ? 1 : 0) | (isLinked ? 2 : 0))
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let time = try reader.time("review time")
        let order = try reader.string("reviewed order")
        let buyer = try reader.string("reviewer id")
        let flags = try reader.u8("review flags")
        guard flags < 4 else { throw CheckpointError(.malformed, "review flags \(flags)") }
        self.init(time: time, order: order, buyer: buyer, isNew: flags & 1 != 0, isLinked: flags & 2 != 0)
    }
}

extension Retaliated {
    func write(to writer: inout BinaryWriter) {
        writer.string(buyer)
        writer.u64(buyerKey)
        writer.string(order)
        writer.i64(review)
        writer.i64(complaint)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(
            buyer: try reader.string("retaliated buyer"), buyerKey: try reader.u64("retaliated buyer key"),
            order: try reader.string("retaliated order"), review: try reader.time("retaliated review time"),
            complaint: try reader.time("retaliation complaint time"))
    }
}

extension IdentityStage {
    /// The `identity-pending` section: the observations waiting for the identity side's next pane boundary, in
    /// the order they came, each in its wire form (``KeyObservation/encode(into:)``).
    func write(to writer: inout BinaryWriter) {
        writer.count(pending.count, "identity observations waiting")
        var scratch = BinaryWriter(capacity: 256)
        for observation in pending {
            observation.encode(into: &scratch)
            writer.block(scratch.finish())
        }
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        // A block's length, then at least a version, a tag, a key, a time, an event hash and a label.
        let count = try reader.count("identity observations waiting", minimumSize: 8 + 20)
        var pending: [KeyObservation] = []
        pending.reserveCapacity(count)
        for _ in 0..<count {
            var part = BinaryReader(reader.bytes, range: try reader.blockRange("identity observation"))
            pending.append(try KeyObservation(from: &part))
        }
        self.init(pending: pending)
    }
}
