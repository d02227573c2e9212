import CPrefetch

/// A hash table from 64-bit keys to slot numbers in a flat store: the flat tables and the remembered orders'
/// queue find their entries through it.
///
/// Open addressing with linear probing, at most 3/4 full, and backward-shift deletion, so a removal leaves no
/// tombstone behind. A bucket is 8 bytes: the slot and a 32-bit tag of the key's hash, whose low bits are also
/// the bucket the key belongs in, so growing needs nothing but the buckets. The key itself stays in the store:
/// a lookup whose tag matches asks the store for the key in that slot (`keyAt`) before it answers, since two of
/// a few million keys share a tag by chance.
///
/// The keys are fingerprints and stable hashes, but order and buyer ids come from outside: they are mixed with a
/// per-process seed before they choose a bucket, so crafted ids cannot pile onto one run of buckets. The seed
/// changes where keys sit, never what a lookup answers, and the stores iterate their own arrays, so no output
/// depends on it.
struct KeyIndex: Sendable {
    private struct Bucket: Sendable {
        var tag: UInt32
        /// The slot the key points at; negative when the bucket is empty.
        var slot: Int32

        static let empty = Bucket(tag: 0, slot: -1)
    }

    private var buckets: [Bucket] = []
    private(set) var count = 0

    private static let seed = UInt64.random(in: .min ... .max)
    /// All ones but in tests, which keep a few tag bits so that keys share tags and the checks against the store
    /// decide.
    private let tagMask: UInt32

    init(minimumCapacity: Int = 0, tagMask: UInt32 = .max) {
        self.tagMask = tagMask
        if minimumCapacity > 0 { reserveCapacity(minimumCapacity) }
    }

    /// How many keys fit before the buckets grow.
    var capacity: Int { buckets.count / 4 * 3 }

    /// The bytes the buckets take.
    var byteCount: Int { buckets.count * MemoryLayout<Bucket>.stride }

    /// The slot `key` points at, or nil; `keyAt` gives the key a slot holds.
    func slot(of key: UInt64, keyAt: (Int32) -> UInt64) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        return find(key, tag(key), keyAt).map { buckets[$0].slot }
    }

    /// Hints the CPU to fetch the bucket `key`'s run starts at, without waiting for it: the first step of a lookup
    /// batched ahead (see `FlatTable.prefetchIndex`). Changes nothing.
    @inline(__always)
    func prefetchBucket(of key: UInt64) {
        guard !buckets.isEmpty else { return }
        let home = Int(tag(key)) & (buckets.count - 1)
        buckets.withUnsafeBufferPointer { brushfire_prefetch($0.baseAddress! + home) }
    }

    /// The slot in the bucket `key`'s run starts at, if that bucket's tag is `key`'s: a guess for prefetching
    /// only, since the key is not checked and a colliding key may sit further along the run.
    @inline(__always)
    func likelySlot(of key: UInt64) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let tag = tag(key)
        let bucket = buckets[Int(tag) & (buckets.count - 1)]
        return bucket.slot >= 0 && bucket.tag == tag ? bucket.slot : nil
    }

    /// Points `key` at `slot` (not negative), returning the slot it pointed at before, if any.
    @discardableResult
    mutating func updateSlot(_ slot: Int32, forKey key: UInt64, keyAt: (Int32) -> UInt64) -> Int32? {
        precondition(slot >= 0, "a key index slot is not negative")
        let tag = tag(key)
        if !buckets.isEmpty, let found = find(key, tag, keyAt) {
            let old = buckets[found].slot
            buckets[found].slot = slot
            return old
        }
        insert(tag, slot)
        return nil
    }

    /// The slot `key` points at, pointing it at `slot` first if it points nowhere: one lookup for a lookup that
    /// inserts when it misses.
    mutating func slot(of key: UInt64, orInsert slot: Int32, keyAt: (Int32) -> UInt64) -> (
        slot: Int32, inserted: Bool
    ) {
        precondition(slot >= 0, "a key index slot is not negative")
        let tag = tag(key)
        if !buckets.isEmpty, let found = find(key, tag, keyAt) { return (buckets[found].slot, false) }
        insert(tag, slot)
        return (slot, true)
    }

    /// Forgets `key`, returning the slot it pointed at, if any.
    @discardableResult
    mutating func remove(_ key: UInt64, keyAt: (Int32) -> UInt64) -> Int32? {
        guard !buckets.isEmpty, var hole = find(key, tag(key), keyAt) else { return nil }
        let mask = buckets.count - 1
        let removed = buckets[hole].slot
        count -= 1
        // Backward shift: move each later key of the run back into the hole unless its home lies after the
        // hole (cyclically), where a lookup would no longer reach it.
        var next = (hole + 1) & mask
        while buckets[next].slot >= 0 {
            let wanted = Int(buckets[next].tag) & mask
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

    /// Every bucket in use lies in the run its home starts, with no free bucket between them: what lookups rely
    /// on. For the tests.
    var runsAreUnbroken: Bool {
        let mask = buckets.count - 1
        for index in buckets.indices where buckets[index].slot >= 0 {
            var probe = Int(buckets[index].tag) & mask
            while probe != index {
                if buckets[probe].slot < 0 { return false }
                probe = (probe + 1) & mask
            }
        }
        return true
    }

    /// Makes room for `minimumCapacity` keys without growing again.
    mutating func reserveCapacity(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        var size = 16
        while size / 4 * 3 < minimumCapacity { size *= 2 }
        grow(to: size)
    }

    /// The bucket holding `key`, or nil (the buckets are not empty).
    @inline(__always)
    private func find(_ key: UInt64, _ tag: UInt32, _ keyAt: (Int32) -> UInt64) -> Int? {
        let mask = buckets.count - 1
        var index = Int(tag) & mask
        while true {
            let bucket = buckets[index]
            if bucket.slot < 0 { return nil }
            if bucket.tag == tag && keyAt(bucket.slot) == key { return index }
            index = (index + 1) & mask
        }
    }

    /// Puts a key known to be absent in the first free bucket of its run.
    private mutating func insert(_ tag: UInt32, _ slot: Int32) {
        if count + 1 > capacity { grow(to: Swift.max(16, buckets.count * 2)) }
        let mask = buckets.count - 1
        var index = Int(tag) & mask
        while buckets[index].slot >= 0 { index = (index + 1) & mask }
        buckets[index] = Bucket(tag: tag, slot: slot)
        count += 1
    }

    private mutating func grow(to size: Int) {
        precondition(size <= 1 << 32, "more buckets than a 32-bit tag can place")
        let old = buckets
        buckets = Array(repeating: .empty, count: size)
        let mask = size - 1
        for bucket in old where bucket.slot >= 0 {
            var index = Int(bucket.tag) & mask
            while buckets[index].slot >= 0 { index = (index + 1) & mask }
            buckets[index] = bucket
        }
    }

    @inline(__always)
    private func tag(_ key: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: StableHash.mix(key ^ Self.seed)) & tagMask
    }
}
