import CPrefetch

/// Per-key state keyed by a 64-bit hash: a flat array of values, each with its key beside it (where the index
/// checks a matching tag, on the value's own cache line), found through a `KeyIndex`. The identity windows (one
/// table per kind), buyers and phones live in these.
///
/// A value sits in the array where it was made; removing one moves the last value into its place. A `Dictionary`
/// kept each value in a bucket of a table at most 3/4 full, and touched every bucket as keys spread over it, so a
/// million 192-byte identity windows took up to 2^21 buckets of 200 bytes: 400 MB resident. Here a million
/// 152-byte windows take 160 MB of array with their keys, only as far as it is filled, and 17 MB of index.
/// Iteration follows the array, so it is the same from one run to the next (a `Dictionary`'s order changes with
/// the process's hash seed).
struct FlatTable<Value: Sendable>: Sendable {
    struct Entry: Sendable {
        var key: UInt64
        var value: Value
    }

    private(set) var entries: [Entry] = []
    private var index: KeyIndex

    /// `tagMask` is for tests (see `KeyIndex`).
    init(tagMask: UInt32 = .max) {
        index = KeyIndex(tagMask: tagMask)
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// The bytes the array and the index take, not counting what the values hold out of line.
    var byteCount: Int { entries.capacity * MemoryLayout<Entry>.stride + index.byteCount }

    subscript(key: UInt64) -> Value? {
        get { index.slot(of: key, keyAt: { entries[Int($0)].key }).map { entries[Int($0)].value } }
        set {
            if let newValue {
                update(key, orMake: { newValue }) { $0 = newValue }
            } else if let slot = index.remove(key, keyAt: { entries[Int($0)].key }) {
                removeSlot(Int(slot))
            }
        }
    }

    /// Changes the value of `key`, making it with `make` first if there is none, with one probe of the index.
    mutating func update<Result, Failure: Error>(
        _ key: UInt64, orMake make: () -> Value, _ change: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try update(key, orMake: make) { (value, _) throws(Failure) in try change(&value) }
    }

    /// `update(_:orMake:_:)`, telling `change` whether the value was just made.
    mutating func update<Result, Failure: Error>(
        _ key: UInt64, orMake make: () -> Value, _ change: (inout Value, _ made: Bool) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(entries.count < Int32.max, "more values than a 32-bit slot can number")
        let (slot, made) = index.slot(of: key, orInsert: Int32(entries.count), keyAt: { entries[Int($0)].key })
        if made { entries.append(Entry(key: key, value: make())) }
        return try change(&entries[Int(slot)].value, made)
    }

    /// Prefetching for a batch of lookups: `prefetchIndex(key)` a few lookups ahead hints the index bucket, and
    /// `prefetchValue(key)` a few lookups later, once that bucket has arrived, every cache line of the value it
    /// points at, so that the lookup itself finds both in cache instead of waiting twice for memory. Hints only:
    /// nothing changes, and a wrong guess costs a wasted fetch.
    @inline(__always)
    func prefetchIndex(_ key: UInt64) {
        index.prefetchBucket(of: key)
    }

    /// See `prefetchIndex(_:)`.
    @inline(__always)
    func prefetchValue(_ key: UInt64) {
        guard let slot = index.likelySlot(of: key), Int(slot) < entries.count else { return }
        entries.withUnsafeBufferPointer { entries in
            let start = UnsafeRawPointer(entries.baseAddress! + Int(slot))
            let stride = MemoryLayout<Entry>.stride
            var offset = 0
            while offset < stride {
                brushfire_prefetch(start + offset)
                offset += 64
            }
            brushfire_prefetch(start + (stride - 1))
        }
    }

    /// Changes the value of `key` if there is one; nil when there is none.
    mutating func updateIfPresent<Result>(_ key: UInt64, _ change: (inout Value) -> Result) -> Result? {
        guard let slot = index.slot(of: key, keyAt: { entries[Int($0)].key }) else { return nil }
        return change(&entries[Int(slot)].value)
    }

    /// Forgets the values `shouldRemove` picks, keeping the others in their order.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        // Slots below `kept` hold the values kept so far; those from `kept` up to `slot` are forgotten ones,
        // which no bucket of the index names.
        var kept = 0
        for slot in entries.indices {
            let key = entries[slot].key
            if shouldRemove(entries[slot].value) {
                index.remove(key, keyAt: { entries[Int($0)].key })
                continue
            }
            if kept != slot {
                // Repointed while the key still lies at its old slot, where the index checks it.
                index.updateSlot(Int32(kept), forKey: key, keyAt: { entries[Int($0)].key })
                entries.swapAt(kept, slot)
            }
            kept += 1
        }
        entries.removeLast(entries.count - kept)
    }

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        entries.reserveCapacity(minimumCapacity)
        index.reserveCapacity(minimumCapacity)
    }

    /// Fills the hole at `slot` (its key already gone from the index) with the last value.
    private mutating func removeSlot(_ slot: Int) {
        let last = entries.count - 1
        if slot != last {
            index.updateSlot(Int32(slot), forKey: entries[last].key, keyAt: { entries[Int($0)].key })
            entries.swapAt(slot, last)
        }
        entries.removeLast()
    }
}

extension FlatTable: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate let table: FlatTable
        fileprivate var slot = 0

        mutating func next() -> (key: UInt64, value: Value)? {
            guard slot < table.entries.count else { return nil }
            defer { slot += 1 }
            let entry = table.entries[slot]
            return (entry.key, entry.value)
        }
    }

    func makeIterator() -> Iterator { Iterator(table: self) }
    var underestimatedCount: Int { count }
}
