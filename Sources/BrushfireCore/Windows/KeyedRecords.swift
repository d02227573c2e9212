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
struct OrderTable: Sendable {
    var records: [UInt64: OrderRecord] = [:]
    /// Insertion order, for expiry; the engine inserts in event-time order.
    var fifo: [(timestamp: Int64, key: UInt64)] = []
    var head = 0
    var retention: Int64
    var maximumEntries: Int

    init(retention: Int64, maximumEntries: Int) {
        self.retention = retention
        self.maximumEntries = maximumEntries
    }

    var count: Int { records.count }

    subscript(key: UInt64) -> OrderRecord? {
        get { records[key] }
        set { records[key] = newValue }
    }

    /// Changes a remembered order in place with one probe of the table; nil when it is not remembered.
    mutating func update<Result>(_ key: UInt64, _ change: (inout OrderRecord) -> Result) -> Result? {
        guard let index = records.index(forKey: key) else { return nil }
        return change(&records.values[index])
    }

    mutating func insert(_ key: UInt64, _ record: OrderRecord) {
        if records.updateValue(record, forKey: key) == nil {
            fifo.append((record.timestamp, key))
        }
        expire(now: record.timestamp)
    }

    mutating func expire(now: Int64) {
        while head < fifo.count, fifo[head].timestamp < now - retention || records.count > maximumEntries {
            let entry = fifo[head]
            if let record = records[entry.key], record.timestamp == entry.timestamp { records[entry.key] = nil }
            head += 1
        }
        if head > 4096 && head * 2 > fifo.count {
            fifo.removeFirst(head)
            head = 0
        }
    }
}
