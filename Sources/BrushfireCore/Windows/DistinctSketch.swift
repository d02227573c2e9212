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
    /// Keys held exactly, with their last-seen times.
    public internal(set) var keys: [UInt64] = []
    var seen: [Int64] = []
    /// Once saturated: packed (register, rank, time) pairs ordered by register, then by rising time and falling
    /// rank within a register.
    var pairs: [UInt64] = []
    var saturated = false

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
            if let index = keys.firstIndex(of: key) {
                seen[index] = max(seen[index], time)
                return
            }
            if keys.count < Self.exactLimit {
                keys.append(key)
                seen.append(time)
                return
            }
            saturated = true
            for (held, at) in zip(keys, seen) { raise(held, at: at) }
        }
        raise(key, at: time)
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
            var total = 0
            for time in seen where time >= since { total += 1 }
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
        for (key, time) in zip(keys, seen) where time >= since { out.append(key) }
        return out
    }

    /// Forgets what was last seen before `since`: exactly held keys, or the sketch's older pairs.
    public mutating func expire(before since: Int64) {
        if saturated {
            pairs.removeAll { Self.time($0) < since }
            return
        }
        guard seen.contains(where: { $0 < since }) else { return }
        var index = 0
        while index < keys.count {
            if seen[index] < since {
                keys.swapAt(index, keys.count - 1)
                seen.swapAt(index, seen.count - 1)
                keys.removeLast()
                seen.removeLast()
            } else {
                index += 1
            }
        }
    }

    /// Heap bytes held, for the memory figures.
    public var heapBytes: Int {
        keys.capacity * 8 + seen.capacity * 8 + pairs.capacity * 8
    }
}
