/// Distinct keys seen over a sliding window of event time, in bounded memory.
///
/// Up to `exactLimit` keys are held exactly with the time each was last seen, so small sets (a household, one
/// person's phones) are counted without error and can be listed. Past that the keys go to a sliding
/// HyperLogLog of 128 registers: each register keeps its possible future maxima, the (rank, time) pairs not
/// beaten by a higher rank seen later, so the estimate for any window start is that of a plain HyperLogLog
/// over the keys seen since (one standard error 9%). The lists hold a handful of pairs per register (their
/// expected length grows with the logarithm of the keys seen): a few KB for a key behind 100,000 others.
public struct DistinctSketch: Sendable, Equatable {
    // Internal rather than private: the checkpoint encoding (Checkpoint+Rings.swift) writes and reads them.
    /// How many keys are held exactly: the first and the rest.
    var heldCount: UInt8 = 0
    var saturated = false
    /// The first key held exactly, with its last-seen time, kept in the sketch itself: most sketches hold one key
    /// (a buyer's phone, a phone's account), and then an insert touches no memory outside the window. Zero when
    /// no key is held.
    var firstKey: UInt64 = 0
    var firstSeen: Int64 = 0
    /// The other keys held exactly, after the first.
    var rest: [Held] = []
    /// Once saturated: packed (register, rank, time) pairs ordered by register, then by rising time and falling
    /// rank within a register.
    var pairs: [UInt64] = []

    struct Held: Sendable, Equatable {
        var key: UInt64
        var seen: Int64
    }

    public static let exactLimit = 32
    static let registerBits = 7
    static let registers = 1 << registerBits
    static let timeBits: UInt64 = 50
    static let timeMask: UInt64 = (1 << timeBits) - 1

    public init() {}

    /// True once more keys arrived than are held exactly.
    public var isEstimate: Bool { saturated }

    /// Records `key` at `time` (epoch milliseconds, not negative). A key's latest time is kept.
    public mutating func insert(_ key: UInt64, at time: Int64) {
        if !saturated {
            if heldCount > 0 && firstKey == key {
                firstSeen = max(firstSeen, time)
                return
            }
            if let index = rest.firstIndex(where: { $0.key == key }) {
                rest[index].seen = max(rest[index].seen, time)
                return
            }
            if heldCount < Self.exactLimit {
                append(Held(key: key, seen: time))
                return
            }
            saturated = true
            for index in 0..<Int(heldCount) {
                let held = self[held: index]
                raise(held.key, at: held.seen)
            }
        }
        raise(key, at: time)
    }

    /// The `index`th key held exactly: the first, then the rest.
    subscript(held index: Int) -> Held {
        get { index == 0 ? Held(key: firstKey, seen: firstSeen) : rest[index - 1] }
        set {
            if index == 0 {
                (firstKey, firstSeen) = (newValue.key, newValue.seen)
            } else {
                rest[index - 1] = newValue
            }
        }
    }

    /// Holds one more key exactly, after the others.
    mutating func append(_ held: Held) {
        if heldCount == 0 {
            (firstKey, firstSeen) = (held.key, held.seen)
        } else {
            rest.append(held)
        }
        heldCount += 1
    }

    private mutating func removeLastHeld() {
        if heldCount == 1 {
            (firstKey, firstSeen) = (0, 0)
        } else {
            rest.removeLast()
        }
        heldCount -= 1
    }

    private static func pack(register: Int, rank: UInt8, time: Int64) -> UInt64 {
        UInt64(register) << 57 | UInt64(rank) << 50 | (UInt64(max(time, 0)) & timeMask)
    }

    static func register(_ pair: UInt64) -> Int { Int(pair >> 57) }
    private static func rank(_ pair: UInt64) -> UInt8 { UInt8(pair >> 50 & 0x7F) }
    private static func time(_ pair: UInt64) -> Int64 { Int64(pair & timeMask) }

    private mutating func raise(_ key: UInt64, at time: Int64) {
        let hash = StableHash.mix(key)
        let register = Int(hash >> UInt64(64 - Self.registerBits))
        let rest = hash << UInt64(Self.registerBits) | 1 << UInt64(Self.registerBits - 1)
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        let t = Int64(UInt64(max(time, 0)) & Self.timeMask)
        // The register's run of pairs.
        var lower = 0
        var upper = pairs.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if Self.register(pairs[middle]) < register { lower = middle + 1 } else { upper = middle }
        }
        let first = lower
        var end = first
        while end < pairs.count && Self.register(pairs[end]) == register { end += 1 }
        // Beaten already by a pair at least as high and at least as recent?
        for index in first..<end where Self.rank(pairs[index]) >= rank && Self.time(pairs[index]) >= t { return }
        var run: [UInt64] = []
        run.reserveCapacity(end - first + 1)
        var placed = false
        for index in first..<end {
            let pair = pairs[index]
            if Self.rank(pair) <= rank && Self.time(pair) <= t { continue }
            if !placed && Self.time(pair) > t {
                run.append(Self.pack(register: register, rank: rank, time: t))
                placed = true
            }
            run.append(pair)
        }
        if !placed { run.append(Self.pack(register: register, rank: rank, time: t)) }
        pairs.replaceSubrange(first..<end, with: run)
    }

    /// Distinct keys last seen at or after `since`.
    public func count(since: Int64) -> Int {
        if !saturated {
            var total = heldCount > 0 && firstSeen >= since ? 1 : 0
            for held in rest where held.seen >= since { total += 1 }
            return total
        }
        var maxima = [UInt8](repeating: 0, count: Self.registers)
        for pair in pairs where Self.time(pair) >= since {
            let register = Self.register(pair)
            maxima[register] = max(maxima[register], Self.rank(pair))
        }
        let m = Double(Self.registers)
        var sum = 0.0
        var zeros = 0
        for rank in maxima {
            if rank == 0 { zeros += 1 }
            sum += 1 / Double(UInt64(1) << UInt64(rank))
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var estimate = alpha * m * m / sum
        if estimate <= 2.5 * m && zeros > 0 {
            estimate = m * Self.naturalLog(m / Double(zeros))
        }
        return Int(estimate.rounded())
    }

    /// ln(x) for x ≥ 1 without libm: the exponent times ln 2, plus a short atanh series on the significand.
    static func naturalLog(_ x: Double) -> Double {
        let significand = x.significand
        let y = (significand - 1) / (significand + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var divisor = 1.0
        for _ in 0..<14 {
            sum += term / divisor
            term *= y2
            divisor += 2
        }
        return Double(x.exponent) * 0.693_147_180_559_945_3 + 2 * sum
    }

    /// The exactly held keys last seen at or after `since` (all of them before saturation; some after).
    public func heldKeys(since: Int64) -> [UInt64] {
        var out: [UInt64] = []
        if heldCount > 0 && firstSeen >= since { out.append(firstKey) }
        for held in rest where held.seen >= since { out.append(held.key) }
        return out
    }

    /// Forgets what was last seen before `since`: exactly held keys, or the sketch's older pairs.
    public mutating func expire(before since: Int64) {
        if saturated {
            pairs.removeAll { Self.time($0) < since }
            return
        }
        guard (heldCount > 0 && firstSeen < since) || rest.contains(where: { $0.seen < since }) else { return }
        // Each forgotten key is replaced by the last one held, so the order of those kept is that of before.
        var index = 0
        while index < Int(heldCount) {
            if self[held: index].seen < since {
                self[held: index] = self[held: Int(heldCount) - 1]
                removeLastHeld()
            } else {
                index += 1
            }
        }
    }

    /// Heap bytes held, for the memory figures.
    public var heapBytes: Int {
        rest.capacity * MemoryLayout<Held>.stride + pairs.capacity * 8
    }
}
