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
/// The orders sit in a ring in the order they were placed, each with its key, found through a `KeyIndex`; expiry
/// takes them from the oldest end. The ring replaces a `Dictionary` of records beside a list of (time, key)
/// pairs for expiry: 48 bytes an order in the ring and 16 in the index at most 3/4 full, where the `Dictionary`
/// took 48 bytes a bucket at most 3/4 full and the list 16 more.
struct OrderTable: Sendable {
    private struct Entry: Sendable {
        var key: UInt64
        var record: OrderRecord
    }

    /// A power of two of entries (or none), the live ones from `head` up to `tail`; sequence number `n` lies at
    /// `n & (ring.count - 1)`. An entry whose key the index points elsewhere (or nowhere) is dead: its order was
    /// placed again later, or forgotten with its shop.
    private var ring: [Entry] = []
    private var head = 0
    private var tail = 0
    private var index = KeyIndex()
    var retention: Int64
    var maximumEntries: Int

    init(retention: Int64, maximumEntries: Int) {
        self.retention = retention
        self.maximumEntries = maximumEntries
    }

    var count: Int { index.count }

    /// The bytes the ring and the index take.
    var byteCount: Int { ring.count * MemoryLayout<Entry>.stride + index.byteCount }

    subscript(key: UInt64) -> OrderRecord? {
        get { position(of: key).map { ring[$0].record } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    ring[position].record = newValue
                } else {
                    append(key, newValue)
                }
            } else {
                index.remove(key)
            }
        }
    }

    /// Changes a remembered order in place with one probe of the index; nil when it is not remembered.
    mutating func update<Result>(_ key: UInt64, _ change: (inout OrderRecord) -> Result) -> Result? {
        guard let position = position(of: key) else { return nil }
        return change(&ring[position].record)
    }

    /// Remembers an order just placed, then forgets what has expired. An order placed again is remembered from
    /// its latest placement.
    mutating func insert(_ key: UInt64, _ record: OrderRecord) {
        append(key, record)
        expire(now: record.timestamp)
    }

    /// Remembers an order after the others without expiring any: a checkpoint's orders, in their order.
    mutating func append(_ key: UInt64, _ record: OrderRecord) {
        if tail - head == ring.count { grow() }
        ring[tail & (ring.count - 1)] = Entry(key: key, record: record)
        index.updateSlot(Self.slot(tail), forKey: key)
        tail += 1
    }

    mutating func expire(now: Int64) {
        while head < tail {
            let entry = ring[head & (ring.count - 1)]
            guard entry.record.timestamp < now - retention || index.count > maximumEntries else { break }
            if index.slot(of: entry.key) == Self.slot(head) { index.remove(entry.key) }
            head += 1
        }
    }

    /// Calls `body` with every remembered order, oldest first.
    func forEach(_ body: (UInt64, OrderRecord) throws -> Void) rethrows {
        for sequence in head..<tail {
            let entry = ring[sequence & (ring.count - 1)]
            if index.slot(of: entry.key) == Self.slot(sequence) { try body(entry.key, entry.record) }
        }
    }

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        index.reserveCapacity(minimumCapacity)
        while ring.count < minimumCapacity { grow() }
    }

    private func position(of key: UInt64) -> Int? {
        guard let slot = index.slot(of: key) else { return nil }
        // The index holds sequence numbers modulo 2^31; the ring is never longer, so the low bits place them.
        return Int(slot) & (ring.count - 1)
    }

    private static func slot(_ sequence: Int) -> Int32 { Int32(truncatingIfNeeded: sequence & 0x7FFF_FFFF) }

    /// Doubles the ring, each live entry moving to where its sequence number now falls.
    private mutating func grow() {
        let size = Swift.max(1024, ring.count * 2)
        precondition(size <= 1 << 30, "more remembered orders than the ring can number")
        let placeholder = Entry(key: 0, record: OrderRecord(shop: -1, timestamp: 0, buyer: 0, phone: 0, address: 0))
        var grown = [Entry](repeating: placeholder, count: size)
        for sequence in head..<tail { grown[sequence & (size - 1)] = ring[sequence & (ring.count - 1)] }
        ring = grown
    }
}
