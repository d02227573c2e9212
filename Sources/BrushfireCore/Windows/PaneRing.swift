/// A value summed over the panes of a sliding window.
public protocol PaneValue: Sendable {
    static var zero: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
}

/// Counts in fixed event-time panes over a bounded span: O(1) per update, and windows aligned to pane
/// boundaries are sums of whole panes. Panes older than the span are forgotten as time advances.
public struct PaneRing<Value: PaneValue>: Sendable {
    public let paneMillis: Int64
    public let capacity: Int
    var slots: [Value]
    /// Index (`timestamp / paneMillis`) of the newest pane held; `nil` before the first update.
    public internal(set) var newestPane: Int64?

    public init(paneMillis: Int64, capacity: Int) {
        precondition(paneMillis > 0 && capacity > 0)
        self.paneMillis = paneMillis
        self.capacity = capacity
        self.slots = []
    }

    @inlinable
    public func paneIndex(_ timestamp: Int64) -> Int64 {
        timestamp >= 0 ? timestamp / paneMillis : (timestamp - paneMillis + 1) / paneMillis
    }

    /// The oldest pane index still held.
    public var oldestPane: Int64? {
        newestPane.map { $0 - Int64(capacity) + 1 }
    }

    /// Moves the ring forward so that `pane` is held, clearing the panes it passes over.
    public mutating func advance(toPane pane: Int64) {
        if slots.isEmpty { slots = Array(repeating: .zero, count: capacity) }
        guard let newest = newestPane else {
            newestPane = pane
            return
        }
        guard pane > newest else { return }
        let steps = min(pane - newest, Int64(capacity))
        var p = pane - steps + 1
        while p <= pane {
            slots[slot(p)] = .zero
            p += 1
        }
        newestPane = pane
    }

    @inline(__always)
    private func slot(_ pane: Int64) -> Int {
        let c = Int64(capacity)
        // Event time after 1970 gives a pane index ≥ 0, and one division.
        return pane >= 0 ? Int(pane % c) : Int(((pane % c) + c) % c)
    }

    /// True when `pane` is inside the span currently held.
    public func holds(pane: Int64) -> Bool {
        guard let newest = newestPane else { return false }
        return pane <= newest && pane > newest - Int64(capacity)
    }

    /// Applies `change` to the pane holding `timestamp`, advancing the ring if needed. Returns false (and
    /// changes nothing) when the pane has already left the span.
    @discardableResult
    public mutating func update(at timestamp: Int64, _ change: (inout Value) -> Void) -> Bool {
        let pane = paneIndex(timestamp)
        return update(pane: pane, change)
    }

    @discardableResult
    public mutating func update(pane: Int64, _ change: (inout Value) -> Void) -> Bool {
        advance(toPane: pane)
        guard holds(pane: pane) else { return false }
        change(&slots[slot(pane)])
        return true
    }

    /// The sum over panes whose start lies in `[start, end)` (millis), restricted to the span held.
    public func sum(from start: Int64, to end: Int64) -> Value {
        guard let newest = newestPane, end > start else { return .zero }
        let first = max(paneIndex(start + paneMillis - 1), newest - Int64(capacity) + 1)
        let last = min(paneIndex(end - 1), newest)
        guard first <= last else { return .zero }
        // One division for the first slot; the others follow it round the ring.
        var total = Value.zero
        var index = slot(first)
        var remaining = last - first + 1
        while remaining > 0 {
            total = total + slots[index]
            index += 1
            if index == capacity { index = 0 }
            remaining -= 1
        }
        return total
    }

    /// The value of a single pane, or zero if it is not held.
    public func value(pane: Int64) -> Value {
        holds(pane: pane) ? slots[slot(pane)] : .zero
    }
}

extension Int: PaneValue {}

/// Exact distinct counts over sliding windows: each key's last-seen pane is kept, and a per-pane count of keys
/// last seen there, so the distinct keys in a window are the sum of those counts over its panes.
public struct DistinctCounter: Sendable {
    var lastSeen = PaneMap()
    public internal(set) var ring: PaneRing<Int>
    var entriesAtLastSweep = 0

    public init(paneMillis: Int64, capacity: Int) {
        ring = PaneRing(paneMillis: paneMillis, capacity: capacity)
    }

    public var trackedKeys: Int { lastSeen.count }

    /// Records `key` at `timestamp`. Timestamps must not decrease (the engine processes in event-time order).
    /// Returns the pane in which the key was last seen before, if it is still within the span.
    @discardableResult
    public mutating func observe(_ key: UInt64, at timestamp: Int64) -> Int64? {
        let pane = ring.paneIndex(timestamp)
        ring.advance(toPane: pane)
        let previous = lastSeen.updateValue(pane, forKey: key)
        var stillHeld: Int64?
        if let previous, ring.holds(pane: previous) {
            stillHeld = previous
            if previous == pane { return previous }
            ring.update(pane: previous) { $0 -= 1 }
        }
        ring.update(pane: pane) { $0 += 1 }
        if lastSeen.count >= 2 * max(entriesAtLastSweep, 64) { sweep() }
        return stillHeld
    }

    /// Hints the CPU to fetch where `key` is recorded (see ``PaneMap/prefetch(_:)``).
    @inline(__always)
    func prefetch(_ key: UInt64) { lastSeen.prefetch(key) }

    /// Distinct keys seen in `[start, end)`.
    public func distinct(from start: Int64, to end: Int64) -> Int {
        ring.sum(from: start, to: end)
    }

    /// Forgets keys last seen before the span.
    public mutating func sweep() {
        if let oldest = ring.oldestPane {
            lastSeen.keep { $0 >= oldest }
        }
        entriesAtLastSweep = lastSeen.count
    }
}
