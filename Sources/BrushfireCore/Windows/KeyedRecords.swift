/// What the platform knows about one buyer account.
struct BuyerRecord: Sendable {
    var firstSeen: Int64
    var lastSeen: Int64
    var orders: Int32 = 0
    var lastPhone: UInt64 = 0
    var lastAddress: UInt64 = 0
}

/// What the platform knows about one receiver phone fingerprint.
struct PhoneRecord: Sendable {
    var lastSeen: Int64
    var lastName: UInt64
    /// The account (`StableHash` of its id) that last shipped to this phone.
    var lastBuyer: UInt64
}

/// One remembered order, so that its refund or review can be traced to its shop, buyer and receiver.
struct OrderRecord: Sendable {
    // The 64-bit fields first: 40 bytes a record rather than 48 with the shop's padding between them.
    var timestamp: Int64
    var buyer: UInt64
    var phone: UInt64
    var address: UInt64
    var shop: Int32
    var refunded = false
    /// `RingFlag` bits: what the ring detectors have counted for this order.
    var ringFlags: UInt8 = 0

    init(
        shop: Int32, timestamp: Int64, buyer: UInt64, phone: UInt64, address: UInt64, refunded: Bool = false,
        ringFlags: UInt8 = 0
    ) {
        self.timestamp = timestamp
        self.buyer = buyer
        self.phone = phone
        self.address = address
        self.shop = shop
        self.refunded = refunded
        self.ringFlags = ringFlags
    }
}

/// Orders remembered for a bounded stretch of event time (and at most a bounded number of them).
///
/// The orders sit in a queue in the order they were placed, each with its key, found through a `KeyIndex`; expiry
/// takes them from the oldest end. The queue is a list of fixed chunks of 65,536 orders (3 MB): it grows by one
/// chunk and gives a chunk back once expiry has passed it, so it never holds more than a chunk beyond the orders
/// remembered, and never copies them (a ring doubled in place held the old ring and the new one at once, 600 MB
/// at 8 M orders). It replaces a `Dictionary` of records beside a list of (time, key) pairs for expiry: 48 bytes
/// an order in the queue and 8 a bucket in the index at most 3/4 full, where the `Dictionary` took 48 bytes a
/// bucket at most 3/4 full and the list 16 more.
struct OrderTable: Sendable {
    private struct Entry: Sendable {
        var key: UInt64
        var record: OrderRecord
    }

    /// 16 (65,536 orders a chunk) but in tests, which cross chunk boundaries with a few orders.
    private let chunkBits: Int
    private let chunkMask: Int

    /// Sequence number `n` lies at `chunks[(n >> chunkBits) - firstChunk][n & chunkMask]`; the live ones run from
    /// `head` up to `tail`. An entry whose key the index points elsewhere (or nowhere) is dead: its order was
    /// placed again later, or forgotten with its shop.
    private var chunks: [[Entry]] = []
    private var firstChunk = 0
    private var head = 0
    private var tail = 0
    private var index: KeyIndex
    var retention: Int64
    var maximumEntries: Int

    /// `chunkBits` and `tagMask` are for tests (see `KeyIndex`).
    init(retention: Int64, maximumEntries: Int, chunkBits: Int = 16, tagMask: UInt32 = .max) {
        precondition((0...24).contains(chunkBits), "chunks of 1 to 2^24 orders")
        index = KeyIndex(tagMask: tagMask)
        self.retention = retention
        self.maximumEntries = maximumEntries
        self.chunkBits = chunkBits
        chunkMask = (1 << chunkBits) - 1
    }

    var count: Int { index.count }

    /// The bytes the chunks and the index take.
    var byteCount: Int { chunks.count * (chunkMask + 1) * MemoryLayout<Entry>.stride + index.byteCount }

    subscript(key: UInt64) -> OrderRecord? {
        get { sequence(of: key).map { self[entry: $0].record } }
        set {
            if let newValue {
                if let sequence = sequence(of: key) {
                    self[entry: sequence].record = newValue
                } else {
                    append(key, newValue)
                }
            } else {
                withIndex { index, keyAt in index.remove(key, keyAt: keyAt) }
            }
        }
    }

    /// Changes a remembered order in place with one probe of the index; nil when it is not remembered.
    mutating func update<Result>(_ key: UInt64, _ change: (inout OrderRecord) -> Result) -> Result? {
        guard let sequence = sequence(of: key) else { return nil }
        let chunk = (sequence >> chunkBits) - firstChunk
        return change(&chunks[chunk][sequence & chunkMask].record)
    }

    /// Remembers an order just placed, then forgets what has expired. An order placed again is remembered from
    /// its latest placement.
    mutating func insert(_ key: UInt64, _ record: OrderRecord) {
        append(key, record)
        expire(now: record.timestamp)
    }

    /// Remembers an order after the others without expiring any: a checkpoint's orders, in their order.
    mutating func append(_ key: UInt64, _ record: OrderRecord) {
        precondition(tail - head < 1 << 30, "more remembered orders than the index can number")
        if tail & chunkMask == 0 {
            var chunk: [Entry] = []
            chunk.reserveCapacity(chunkMask + 1)
            if chunks.isEmpty { firstChunk = tail >> chunkBits }
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(Entry(key: key, record: record))
        let slot = Self.slot(tail)
        withIndex { index, keyAt in index.updateSlot(slot, forKey: key, keyAt: keyAt) }
        tail += 1
    }

    mutating func expire(now: Int64) {
        while head < tail {
            let entry = self[entry: head]
            guard entry.record.timestamp < now - retention || index.count > maximumEntries else { break }
            if index.slot(of: entry.key, keyAt: { self.key(at: $0) }) == Self.slot(head) {
                withIndex { index, keyAt in index.remove(entry.key, keyAt: keyAt) }
            }
            head += 1
            // A chunk expiry has passed goes back (the next append makes a new one at a chunk boundary).
            if head & chunkMask == 0 {
                chunks.removeFirst()
                firstChunk += 1
            }
        }
    }

    /// Calls `body` with every remembered order, oldest first.
    func forEach(_ body: (UInt64, OrderRecord) throws -> Void) rethrows {
        for sequence in head..<tail {
            let entry = self[entry: sequence]
            if index.slot(of: entry.key, keyAt: { self.key(at: $0) }) == Self.slot(sequence) {
                try body(entry.key, entry.record)
            }
        }
    }

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        index.reserveCapacity(minimumCapacity)
    }

    private subscript(entry sequence: Int) -> Entry {
        get { chunks[(sequence >> chunkBits) - firstChunk][sequence & chunkMask] }
        set { chunks[(sequence >> chunkBits) - firstChunk][sequence & chunkMask] = newValue }
    }

    /// The sequence number of `key`'s entry. The index holds them modulo 2^31, and the live ones span less than
    /// that, so the distance from `head` places them.
    private func sequence(of key: UInt64) -> Int? {
        index.slot(of: key, keyAt: { self.key(at: $0) }).map(sequence(ofSlot:))
    }

    private func sequence(ofSlot slot: Int32) -> Int {
        head + Int((UInt32(bitPattern: slot) &- UInt32(Self.slot(head))) & 0x7FFF_FFFF)
    }

    /// Lends the index to `body` with the key lookup it checks tags against: the index is moved out for the
    /// while, so that the lookup may read the queue as the index changes.
    private mutating func withIndex(_ body: (inout KeyIndex, (Int32) -> UInt64) -> Void) {
        var lent = index
        index = KeyIndex()
        body(&lent) { self.key(at: $0) }
        index = lent
    }

    /// The key of the entry the index slot `slot` names: what the index checks a matching tag against.
    private func key(at slot: Int32) -> UInt64 { self[entry: sequence(ofSlot: slot)].key }

    private static func slot(_ sequence: Int) -> Int32 { Int32(truncatingIfNeeded: sequence & 0x7FFF_FFFF) }
}
