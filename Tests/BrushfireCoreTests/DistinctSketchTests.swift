import BrushfireCore
import Testing

@Suite("DistinctSketch")
struct DistinctSketchTests {
    @Test("Exact up to its limit, sliding by last-seen time, with repeats counted once")
    func exact() {
        var sketch = DistinctSketch()
        for key in 0..<20 { sketch.insert(UInt64(key), at: Int64(key)) }
        for key in 0..<20 { sketch.insert(UInt64(key), at: Int64(key)) }
        #expect(!sketch.isEstimate)
        #expect(sketch.count(since: 0) == 20)
        #expect(sketch.count(since: 10) == 10)
        sketch.insert(3, at: 100)
        #expect(sketch.count(since: 50) == 1)
        #expect(sketch.heldKeys(since: 50) == [3])
        sketch.expire(before: 15)
        #expect(sketch.count(since: 0) == 6)
    }

    @Test("Past the exact limit the estimate stays within 20%", arguments: [33, 100, 1_000, 10_000, 100_000])
    func estimate(_ n: Int) {
        var sketch = DistinctSketch()
        for key in 0..<n { sketch.insert(StableHash.of("buyer-\(key)"), at: 1_000) }
        #expect(sketch.isEstimate == (n > DistinctSketch.exactLimit))
        let estimate = Double(sketch.count(since: 0))
        #expect(abs(estimate - Double(n)) <= 0.2 * Double(n), "estimated \(estimate) for \(n)")
        #expect(sketch.heapBytes <= 16_384)
    }

    @Test("A saturated sketch forgets keys that left the window")
    func sliding() {
        let day: Int64 = 86_400_000
        var sketch = DistinctSketch()
        for key in 0..<2_000 { sketch.insert(StableHash.of("old-\(key)"), at: 0) }
        for key in 0..<1_000 { sketch.insert(StableHash.of("new-\(key)"), at: 10 * day) }
        let recent = Double(sketch.count(since: 5 * day))
        let all = Double(sketch.count(since: 0))
        #expect(abs(recent - 1_000) <= 200, "\(recent)")
        #expect(abs(all - 3_000) <= 600, "\(all)")
    }
}
