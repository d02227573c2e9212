/// The identity windows of one kind (phones, doors or accounts): a flat array of windows with their keys beside
/// them, found through a `KeyIndex`.
///
/// A window sits in the array where it was made; removing one moves the last window into its place. A
/// `Dictionary` kept each window in a bucket of a table at most 3/4 full, and touched every bucket as keys spread
/// over it, so a million 200-byte windows took up to 2^21 buckets of 208 bytes: 436 MB resident. Here they take
/// 200 MB of array, only as far as it is filled, and 32 MB of index. Iteration follows the array, so it is the same
/// from one run to the next (a `Dictionary`'s order changes with the process's hash seed).
struct IdentityTable: Sendable {
    private(set) var keys: [UInt64] = []
    private(set) var windows: [IdentityWindow] = []
    private var index = KeyIndex()

    init() {}

    var count: Int { windows.count }
    var isEmpty: Bool { windows.isEmpty }

    /// The bytes the arrays and the index take, not counting what the windows hold out of line.
    var byteCount: Int {
        keys.capacity * 8 + windows.capacity * MemoryLayout<IdentityWindow>.stride + index.byteCount
    }

    subscript(key: UInt64) -> IdentityWindow? {
        get { index.slot(of: key).map { windows[Int($0)] } }
        set {
            if let newValue {
                if let slot = index.slot(of: key) {
                    windows[Int(slot)] = newValue
                } else {
                    append(key, newValue)
                }
            } else if let slot = index.remove(key) {
                removeSlot(Int(slot))
            }
        }
    }

    /// Changes the window of `key`, making it with `make` first if there is none, with one probe of the index.
    mutating func update<Result, Failure: Error>(
        _ key: UInt64, orMake make: () -> IdentityWindow, _ change: (inout IdentityWindow) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let slot: Int
        if let found = index.slot(of: key) {
            slot = Int(found)
        } else {
            slot = windows.count
            append(key, make())
        }
        return try change(&windows[slot])
    }

    /// Changes the window of `key` if there is one; nil when there is none.
    mutating func updateIfPresent<Result>(_ key: UInt64, _ change: (inout IdentityWindow) -> Result) -> Result? {
        guard let slot = index.slot(of: key) else { return nil }
        return change(&windows[Int(slot)])
    }

    /// Forgets the windows `shouldRemove` picks, keeping the others in their order.
    mutating func removeAll(where shouldRemove: (IdentityWindow) -> Bool) {
        var kept = 0
        for slot in windows.indices {
            if shouldRemove(windows[slot]) {
                index.remove(keys[slot])
                continue
            }
            if kept != slot {
                windows.swapAt(kept, slot)
                keys[kept] = keys[slot]
                index.updateSlot(Int32(kept), forKey: keys[kept])
            }
            kept += 1
        }
        windows.removeLast(windows.count - kept)
        keys.removeLast(keys.count - kept)
    }

    mutating func reserveCapacity(_ minimumCapacity: Int) {
        keys.reserveCapacity(minimumCapacity)
        windows.reserveCapacity(minimumCapacity)
        index.reserveCapacity(minimumCapacity)
    }

    private mutating func append(_ key: UInt64, _ window: IdentityWindow) {
        precondition(windows.count < Int32.max, "more identity windows than a 32-bit slot can number")
        index.updateSlot(Int32(windows.count), forKey: key)
        keys.append(key)
        windows.append(window)
    }

    /// Fills the hole at `slot` (its key already gone from the index) with the last window.
    private mutating func removeSlot(_ slot: Int) {
        let last = windows.count - 1
        if slot != last {
            windows.swapAt(slot, last)
            keys[slot] = keys[last]
            index.updateSlot(Int32(slot), forKey: keys[slot])
        }
        windows.removeLast()
        keys.removeLast()
    }
}

extension IdentityTable: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate let table: IdentityTable
        fileprivate var slot = 0

        mutating func next() -> (key: UInt64, window: IdentityWindow)? {
            guard slot < table.windows.count else { return nil }
            defer { slot += 1 }
            return (table.keys[slot], table.windows[slot])
        }
    }

    func makeIterator() -> Iterator { Iterator(table: self) }
    var underestimatedCount: Int { count }
}
