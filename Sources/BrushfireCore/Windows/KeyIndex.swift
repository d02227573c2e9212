/// A hash table from 64-bit keys to slot numbers in a flat store: the identity windows' slabs and the remembered
/// orders' ring find their entries through it.
///
/// Open addressing with linear probing, one 16-byte bucket per key (the key and its slot), at most 3/4 full, and
/// backward-shift deletion, so a removal leaves no tombstone behind. The keys are fingerprints and stable hashes,
/// but order and buyer ids come from outside: they are mixed with a per-process seed before they choose a
/// bucket, so crafted ids cannot pile onto one run of buckets. The seed changes where keys sit, never what a
/// lookup answers, and the stores iterate their own arrays, so no output depends on it.
struct KeyIndex: Sendable {
    private struct Bucket: Sendable {
        var key: UInt64
        /// The slot the key points at; negative when the bucket is empty.
        var slot: Int32

        static let empty = Bucket(key: 0, slot: -1)
    }

    private var buckets: [Bucket] = []
    private(set) var count = 0

    private static let seed = UInt64.random(in: .min ... .max)

    init(minimumCapacity: Int = 0) {
        if minimumCapacity > 0 { reserveCapacity(minimumCapacity) }
    }

    /// How many keys fit before the buckets grow.
    var capacity: Int { buckets.count / 4 * 3 }

    /// The bytes the buckets take.
    var byteCount: Int { buckets.count * MemoryLayout<Bucket>.stride }

    /// The slot `key` points at, or nil.
    func slot(of key: UInt64) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var index = home(key, mask)
        while true {
            let bucket = buckets[index]
            if bucket.slot < 0 { return nil }
            if bucket.key == key { return bucket.slot }
            index = (index + 1) & mask
        }
    }

    /// Points `key` at `slot` (not negative), returning the slot it pointed at before, if any.
    @discardableResult
    mutating func updateSlot(_ slot: Int32, forKey key: UInt64) -> Int32? {
        precondition(slot >= 0, "a key index slot is not negative")
        if count + 1 > capacity { grow(to: Swift.max(16, buckets.count * 2)) }
        let mask = buckets.count - 1
        var index = home(key, mask)
        while buckets[index].slot >= 0 {
            if buckets[index].key == key {
                let old = buckets[index].slot
                buckets[index].slot = slot
                return old
            }
            index = (index + 1) & mask
        }
        buckets[index] = Bucket(key: key, slot: slot)
        count += 1
        return nil
    }

    /// The slot `key` points at, pointing it at `slot` first if it points nowhere: one probe for a lookup that
    /// inserts when it misses.
    mutating func slot(of key: UInt64, orInsert slot: Int32) -> (slot: Int32, inserted: Bool) {
        precondition(slot >= 0, "a key index slot is not negative")
        if count + 1 > capacity { grow(to: Swift.max(16, buckets.count * 2)) }
        let mask = buckets.count - 1
        var index = home(key, mask)
        while buckets[index].slot >= 0 {
            if buckets[index].key == key { return (buckets[index].slot, false) }
            index = (index + 1) & mask
        }
        buckets[index] = Bucket(key: key, slot: slot)
        count += 1
        return (slot, true)
    }

    /// Forgets `key`, returning the slot it pointed at, if any.
    @discardableResult
    mutating func remove(_ key: UInt64) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var hole = home(key, mask)
        while buckets[hole].key != key || buckets[hole].slot < 0 {
            if buckets[hole].slot < 0 { return nil }
            hole = (hole + 1) & mask
        }
        let removed = buckets[hole].slot
        count -= 1
        // Backward shift: move each later key of the run back into the hole unless its home lies after the
        // hole (cyclically), where a lookup would no longer reach it.
        var next = (hole + 1) & mask
        while buckets[next].slot >= 0 {
            let wanted = home(buckets[next].key, mask)
            let movable = hole <= next ? (wanted <= hole || wanted > next) : (wanted <= hole && wanted > next)
            if movable {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = .empty
        return removed
    }

    mutating func removeAll() {
        buckets = []
        count = 0
    }

    /// Makes room for `minimumCapacity` keys without growing again.
    mutating func reserveCapacity(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        var size = 16
        while size / 4 * 3 < minimumCapacity { size *= 2 }
        grow(to: size)
    }

    private mutating func grow(to size: Int) {
        let old = buckets
        buckets = Array(repeating: .empty, count: size)
        let mask = size - 1
        for bucket in old where bucket.slot >= 0 {
            var index = home(bucket.key, mask)
            while buckets[index].slot >= 0 { index = (index + 1) & mask }
            buckets[index] = bucket
        }
    }

    @inline(__always)
    private func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: StableHash.mix(key ^ Self.seed)) & mask
    }
}
