/// Remembers event ids for a bounded stretch of event time so that redeliveries are recognised and ignored.
struct DedupHorizon: Sendable {
    var seen: [UInt64: Int64] = [:]
    /// Ids by the minute of their event time, for expiry.
    var byMinute: [Int64: [UInt64]] = [:]
    var oldestMinute: Int64?
    var horizonMillis: Int64
    var maximumEntries: Int

    init(horizonMillis: Int64, maximumEntries: Int) {
        self.horizonMillis = horizonMillis
        self.maximumEntries = maximumEntries
    }

    var count: Int { seen.count }

    /// Records an id; returns false if it was already seen within the horizon.
    mutating func insert(_ id: UInt64, at timestamp: Int64) -> Bool {
        let minute = timestamp / 60_000
        // One probe on the common path (a new id); a redelivery puts back the minute it was first seen in.
        if let first = seen.updateValue(minute, forKey: id) {
            seen[id] = first
            return false
        }
        byMinute[minute, default: []].append(id)
        oldestMinute = min(oldestMinute ?? minute, minute)
        if seen.count > maximumEntries { expire(before: (oldestMinute ?? minute) + 1) }
        return true
    }

    /// Forgets ids whose event time is older than `watermark - horizon`.
    mutating func expire(watermark: Int64) {
        guard watermark > Int64.min + horizonMillis else { return }
        expire(before: (watermark - horizonMillis) / 60_000)
    }

    private mutating func expire(before minute: Int64) {
        guard var oldest = oldestMinute, oldest < minute else { return }
        // Walk the minutes that hold ids; gaps are skipped by jumping to the smallest remaining key.
        while oldest < minute {
            if let ids = byMinute.removeValue(forKey: oldest) {
                for id in ids where seen[id] == oldest { seen[id] = nil }
            }
            if byMinute.isEmpty {
                oldestMinute = nil
                return
            }
            oldest = oldest + 1
            if byMinute[oldest] == nil, let next = byMinute.keys.min() { oldest = next }
        }
        oldestMinute = oldest
    }
}
