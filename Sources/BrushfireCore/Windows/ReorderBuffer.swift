/// Holds accepted events until the watermark passes them, then releases them in event-time order
/// (ties broken by event id), so out-of-order input within the allowed lateness is processed exactly as if
/// it had arrived sorted.
struct ReorderBuffer: Sendable {
    var buckets: [Int64: [Event]] = [:]
    /// Second-buckets present, as a min-heap.
    private var heap: [Int64] = []
    var count = 0

    mutating func insert(_ event: consuming Event) {
        let second = event.timestamp >= 0 ? event.timestamp / 1000 : (event.timestamp - 999) / 1000
        if Self.append(event, to: &buckets[second, default: []]) { push(second) }
        count += 1
    }

    /// Appends `event` to `bucket` in place; true when the bucket was empty before.
    private static func append(_ event: consuming Event, to bucket: inout [Event]) -> Bool {
        let wasEmpty = bucket.isEmpty
        bucket.append(event)
        return wasEmpty
    }

    /// Removes and returns, in order, every event with a timestamp below `limit`.
    mutating func drain(below limit: Int64, into body: (Event) -> Void) {
        while let second = heap.first, second * 1000 < limit {
            guard var events = buckets.removeValue(forKey: second) else {
                pop()
                continue
            }
            Self.sortInPlace(&events)
            if (second + 1) * 1000 <= limit {
                pop()
                count -= events.count
                for event in events { body(event) }
            } else {
                let split = events.firstIndex(where: { $0.timestamp >= limit }) ?? events.count
                count -= split
                for event in events[..<split] { body(event) }
                buckets[second] = Array(events[split...])
                return
            }
        }
    }

    /// The latest buffered event time, if any (a pass over the buffered seconds: for the end of input).
    var latest: Int64? {
        guard let second = buckets.keys.max(), let events = buckets[second] else { return nil }
        return events.map(\.timestamp).max()
    }

    /// The earliest buffered event time, if any.
    var earliest: Int64? {
        guard let second = heap.first, let events = buckets[second] else { return nil }
        return events.map(\.timestamp).min()
    }

    static func precedes(_ a: Event, _ b: Event) -> Bool {
        a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.eventID < b.eventID
    }

    static func sortInPlace(_ events: inout [Event]) {
        var sorted = true
        var i = 1
        while i < events.count {
            if precedes(events[i], events[i - 1]) {
                sorted = false
                break
            }
            i += 1
        }
        if !sorted { events.sort(by: precedes) }
    }

    private mutating func push(_ value: Int64) {
        heap.append(value)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left] < heap[smallest] { smallest = left }
            if right < heap.count && heap[right] < heap[smallest] { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
