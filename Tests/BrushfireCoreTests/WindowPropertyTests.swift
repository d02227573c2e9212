import PropertyBased
import Testing

@testable import BrushfireCore

/// Window arithmetic against brute force: every event kept in a plain list, every question answered by
/// scanning it. Streams are random (times, keys, gaps that jump past the ring's span), windows are random.
@Suite struct WindowPropertyTests {
    static let pane: Int64 = 1_000
    static let capacity = 20

    /// (time step, key) pairs: steps are mostly small, sometimes zero, sometimes past the whole span.
    static let stream = zip(
        Gen.oneOf(Gen.int(in: 0...1_500), Gen.int(in: 0...40), Gen.int(in: 0...45_000)),
        Gen.int(in: 0...30)
    ).array(of: 1...300)

    static func times(_ steps: [(Int, Int)]) -> [(time: Int64, key: UInt64)] {
        var time: Int64 = 1_794_000_000_000
        return steps.map { step, key in
            time += Int64(step)
            return (time, UInt64(key))
        }
    }

    /// Panes whose start lies in `[start, end)` and still within the ring's span, as the ring defines them.
    static func panesCounted(start: Int64, end: Int64, newest: Int64) -> ClosedRange<Int64>? {
        let first = max((start + pane - 1) / pane, newest - Int64(capacity) + 1)
        let last = min((end - 1) / pane, newest)
        return first <= last ? first...last : nil
    }

    @Test("PaneRing sums equal a scan of the events in the panes the window covers")
    func paneSums() async {
        await propertyCheck(count: 300, input: Self.stream, Gen.int(in: 0...25_000), Gen.int(in: 0...25_000)) {
            steps, back, length in
            let events = Self.times(steps)
            var ring = PaneRing<Int>(paneMillis: Self.pane, capacity: Self.capacity)
            for event in events { ring.update(at: event.time) { $0 += 1 } }
            let newest = events.last!.time
            let end = newest + 1 - Int64(back)
            let start = end - Int64(length)
            let expected: Int
            if let panes = Self.panesCounted(start: start, end: end, newest: newest / Self.pane) {
                expected = events.filter { panes.contains($0.time / Self.pane) }.count
            } else {
                expected = 0
            }
            #expect(ring.sum(from: start, to: end) == expected)
        }
    }

    @Test("Aligned windows within the span count exactly the events in [start, end)")
    func alignedWindows() async {
        await propertyCheck(count: 300, input: Self.stream, Gen.int(in: 1...Self.capacity)) { steps, panes in
            let events = Self.times(steps)
            var ring = PaneRing<Int>(paneMillis: Self.pane, capacity: Self.capacity)
            for event in events { ring.update(at: event.time) { $0 += 1 } }
            let end = (events.last!.time / Self.pane + 1) * Self.pane
            let start = end - Int64(panes) * Self.pane
            let expected = events.filter { $0.time >= start && $0.time < end }.count
            #expect(ring.sum(from: start, to: end) == expected)
        }
    }

    @Test("DistinctCounter counts the distinct keys whose latest sighting lies in the window")
    func distinctCounts() async {
        await propertyCheck(count: 300, input: Self.stream, Gen.int(in: 1...Self.capacity)) { steps, panes in
            let events = Self.times(steps)
            var counter = DistinctCounter(paneMillis: Self.pane, capacity: Self.capacity)
            for event in events { counter.observe(event.key, at: event.time) }
            let end = (events.last!.time / Self.pane + 1) * Self.pane
            let start = end - Int64(panes) * Self.pane
            let expected = Set(events.filter { $0.time >= start && $0.time < end }.map(\.key)).count
            #expect(counter.distinct(from: start, to: end) == expected)
            counter.sweep()
            #expect(counter.distinct(from: start, to: end) == expected, "a sweep changes no answer")
            #expect(counter.trackedKeys <= Set(events.map(\.key)).count)
        }
    }

    @Test("ReorderBuffer releases exactly the events below each limit, in (time, id) order")
    func reorderBuffer() async {
        let input = zip(Gen.int(in: 0...5_000), Gen.int(in: 0...50)).array(of: 0...200)
        await propertyCheck(count: 300, input: input, Gen.int(in: 0...5_000).array(of: 1...6)) { raw, limits in
            let base: Int64 = 1_794_000_000_000
            let events = raw.enumerated().map { index, pair in
                Event(
                    eventID: "e\(pair.1)-\(index)", type: .review, timestamp: base + Int64(pair.0),
                    shopID: "shop", buyerID: "b")
            }
            var buffer = ReorderBuffer()
            for event in events { buffer.insert(event) }
            var released: [Event] = []
            var previousLimit = Int64.min
            for limit in limits.map({ base + Int64($0) }).sorted() {
                var batch: [Event] = []
                buffer.drain(below: limit) { batch.append($0) }
                let expected = events.filter { $0.timestamp < limit && $0.timestamp >= previousLimit }
                    .sorted(by: ReorderBuffer.precedes)
                #expect(batch.map(\.eventID) == expected.map(\.eventID))
                released += batch
                previousLimit = limit
            }
            #expect(buffer.count == events.count - released.count)
        }
    }
}
