import CPrefetch

/// The pane each key was last seen in, for ``DistinctCounter``: an open-addressing table of (key, pane) slots with
/// linear probing, so an update is one hash and, almost always, one cache line — where a `Dictionary` reads its
/// occupancy bitmap, its keys and its values from three arrays and hashes with SipHash.
///
/// Nothing is removed one key at a time: ``keep(where:)`` rebuilds the table from the slots it keeps, so the table
/// needs no tombstones. The slot is chosen by a seeded mix of the key (the seed is random per table, as Swift's
/// own hashing is per process), so keys crafted to collide cannot lengthen the probes. Iteration order follows
/// the slots and so differs between tables holding the same keys; nothing that reads the map depends on it.
struct PaneMap: Sendable, Sequence {
    struct Slot: Sendable {
        var key: UInt64
        /// ``PaneMap/empty`` for a free slot.
        var pane: Int64
    }

    /// The pane of a free slot: no event time gives it.
    static let empty = Int64.min
    private static let minimumCapacity = 16

    private var slots: [Slot] = []
    /// 64 minus the log2 of the slot count: the high bits of the mixed key choose the slot.
    private var shift: UInt64 = 64
    private let seed: UInt64
    private(set) var count = 0

    init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        self.seed = seed | 1
    }

    var capacity: Int { slots.count }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        var z = key ^ seed
        z = (z ^ (z >> 32)) &* 0xD6E8_FEB8_6659_FD93
        z = (z ^ (z >> 32)) &* seed
        return Int(truncatingIfNeeded: z >> shift)
    }

    /// Records `pane` as the pane `key` was last seen in; returns the one recorded before, if any.
    @discardableResult
    @inline(__always)
    mutating func updateValue(_ pane: Int64, forKey key: UInt64) -> Int64? {
        precondition(pane != Self.empty, "no event time gives pane Int64.min")
        if (count &+ 1) &* 4 > slots.count &* 3 { grow() }
        let mask = slots.count &- 1
        var index = home(key)
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot.pane == Self.empty {
                    slots[index] = Slot(key: key, pane: pane)
                    count &+= 1
                    return nil
                }
                if slot.key == key {
                    slots[index].pane = pane
                    return slot.pane
                }
                index = (index &+ 1) & mask
            }
        }
    }

    /// Hints the CPU to fetch the slot where `key`'s probe starts, so that an update soon after finds it close.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        guard !slots.isEmpty else { return }
        let home = home(key)
        slots.withUnsafeBufferPointer { brushfire_prefetch($0.baseAddress! + home) }
    }

    /// The pane `key` was last seen in.
    subscript(key: UInt64) -> Int64? {
        guard count > 0 else { return nil }
        let mask = slots.count &- 1
        var index = home(key)
        while true {
            let slot = slots[index]
            if slot.pane == Self.empty { return nil }
            if slot.key == key { return slot.pane }
            index = (index &+ 1) & mask
        }
    }

    mutating func reserveCapacity(_ minimum: Int) {
        var size = Swift.max(slots.count, Self.minimumCapacity)
        while minimum &* 4 > size &* 3 { size &*= 2 }
        if size != slots.count { rebuild(size: size) { _ in true } }
    }

    /// Keeps only the keys whose pane satisfies `keep`, in a table sized for them.
    mutating func keep(where keep: (Int64) -> Bool) {
        let kept = reduce(into: 0) { total, entry in total += keep(entry.pane) ? 1 : 0 }
        var size = Self.minimumCapacity
        while kept &* 4 > size &* 3 { size &*= 2 }
        guard kept > 0 else {
            self = PaneMap(seed: seed)
            return
        }
        rebuild(size: size, keep)
    }

    private mutating func grow() {
        rebuild(size: Swift.max(slots.count &* 2, Self.minimumCapacity)) { _ in true }
    }

    private mutating func rebuild(size: Int, _ keep: (Int64) -> Bool) {
        let old = slots
        slots = Array(repeating: Slot(key: 0, pane: Self.empty), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for slot in old where slot.pane != Self.empty && keep(slot.pane) {
            updateValue(slot.pane, forKey: slot.key)
        }
    }

    struct Iterator: IteratorProtocol {
        fileprivate let slots: [Slot]
        fileprivate var index = 0

        mutating func next() -> (key: UInt64, pane: Int64)? {
            while index < slots.count {
                let slot = slots[index]
                index += 1
                if slot.pane != PaneMap.empty { return (slot.key, slot.pane) }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(slots: slots) }

    var underestimatedCount: Int { count }
}
