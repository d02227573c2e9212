/// Per-key state keyed by a 64-bit hash: a flat array of values with their keys beside them, found through a
/// `KeyIndex`. The identity windows (one table per kind), buyers and phones live in these.
///
/// A value sits in the array where it was made; removing one moves the last value into its place. A `Dictionary`
/// kept each value in a bucket of a table at most 3/4 full, and touched every bucket as keys spread over it, so a
/// million 192-byte identity windows took up to 2^21 buckets of 200 bytes: 400 MB resident. Here a million
/// 152-byte windows take 152 MB of array, only as far as it is filled, and 34 MB of index. Iteration follows the
/// array, so it is the same from one run to the next (a `Dictionary`'s order changes with the process's hash seed).
struct FlatTable<Value: Sendable>: Sendable {
    private(set) var keys: [UInt64] = []
    private(set) var values: [Value] = []
    private var index = KeyIndex()

    init() {}

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }

    /// The bytes the arrays and the index take, not counting what the values hold out of line.
    var byteCount: Int {
        keys.capacity * 8 + values.capacity * MemoryLayout<Value>.stride + index.byteCount
    }

    subscript(key: UInt64) -> Value? {
        get { index.slot(of: key).map { values[Int($0)] } }
        set {
            if let newValue {
                update(key, orMake: { newValue }) { $0 = newValue }
            } else if let slot = index.remove(key) {
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
        precondition(values.count < Int32.max, "more values than a 32-bit slot can number")
        let (slot, made) = index.slot(of: key, orInsert: Int32(values.count))
        if made {
            keys.append(key)
            values.append(make())
        }
        return try change(&values[Int(slot)], made)
    }

    /// Changes the value of `key` if there is one; nil when there is none.
    mutating func updateIfPresent<Result>(_ key: UInt64, _ change: (inout Value) -> Result) -> Result? {
        guard let slot = index.slot(of: key) else { return nil }
        return change(&values[Int(slot)])
    }

    /// Forgets the values `shouldRemove` picks, keeping the others in their order.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        var kept = 0
        for slot in values.indices {
            if shouldRemove(values[slot]) {
                index.remove(keys[slot])
                continue
            }
            if kept != slot {
                values.swapAt(kept, slot)
                keys[kept] = keys[slot]
                index.updateSlot(Int32(kept), forKey: keys[kept])
            }
            kept += 1
        }
        values.removeLast(values.count - kept)
        keys.removeLast(keys.count - kept)
    }

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        keys.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
        index.reserveCapacity(minimumCapacity)
    }

    /// Fills the hole at `slot` (its key already gone from the index) with the last value.
    private mutating func removeSlot(_ slot: Int) {
        let last = values.count - 1
        if slot != last {
            values.swapAt(slot, last)
            keys[slot] = keys[last]
            index.updateSlot(Int32(slot), forKey: keys[slot])
        }
        values.removeLast()
        keys.removeLast()
    }
}

extension FlatTable: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate let table: FlatTable
        fileprivate var slot = 0

        mutating func next() -> (key: UInt64, value: Value)? {
            guard slot < table.values.count else { return nil }
            defer { slot += 1 }
            return (table.keys[slot], table.values[slot])
        }
    }

    func makeIterator() -> Iterator { Iterator(table: self) }
    var underestimatedCount: Int { count }
}
