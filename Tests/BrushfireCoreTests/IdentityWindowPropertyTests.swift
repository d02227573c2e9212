import PropertyBased
import Testing

@testable import BrushfireCore

/// The identity windows' day panes and exact sketches against plain references: a list of day panes kept in one
/// sorted array, and a sketch that holds its exact keys in two arrays, as the windows did before the newest pane and
/// the first key were kept inline. The answers, the order of the keys and the checkpoint bytes must all agree.
@Suite struct IdentityWindowPropertyTests {
    static let day = IdentityWindow.dayMillis
    static let start: Int64 = 1_794_000_000_000

    /// The reference day panes: one sorted array, a pane inserted where its day falls, older ones forgotten when a
    /// pane is made.
    struct ReferenceDays {
        var days: [IdentityDay] = []

        mutating func count(day: Int32, horizonDays: Int32, _ change: (inout IdentityDay) -> Void) {
            if let index = days.lastIndex(where: { $0.day == day }) {
                change(&days[index])
                return
            }
            var pane = IdentityDay(day: day)
            change(&pane)
            days.insert(pane, at: days.firstIndex(where: { $0.day > day }) ?? days.count)
            days.removeAll { $0.day <= day - horizonDays }
        }

        func totals(since first: Int32) -> IdentityDay {
            var total = IdentityDay(day: first)
            for pane in days where pane.day >= first { total = total + pane }
            return total
        }

        /// The checkpoint bytes of a window holding only these panes, as the format defines them.
        func write(to writer: inout BinaryWriter, lastSeen: Int64, label: String) {
            writer.i64(lastSeen)
            writer.string(label)
            let lastDay = lastSeen / IdentityWindow.dayMillis
            writer.count(days.count)
            for pane in days {
                writer.signed(lastDay - Int64(pane.day))
                writer.signed(Int64(pane.orders))
                writer.signed(Int64(pane.refunds))
                writer.signed(Int64(pane.hits))
                writer.signed(Int64(pane.negativeReviews))
                writer.signed(Int64(pane.extortion))
            }
            for _ in 0..<7 { writer.u8(0) }  // seven empty sketches
            writer.count(0)  // citations
            writer.varint(0)  // citation head
            writer.bool(false)  // dirty
        }
    }

    /// The reference exact sketch: keys and last-seen times in two arrays, a forgotten key replaced by the last.
    struct ReferenceSketch {
        var keys: [UInt64] = []
        var seen: [Int64] = []
        var saturated = false

        mutating func insert(_ key: UInt64, at time: Int64) {
            guard !saturated else { return }
            if let index = keys.firstIndex(of: key) {
                seen[index] = max(seen[index], time)
            } else if keys.count < DistinctSketch.exactLimit {
                keys.append(key)
                seen.append(time)
            } else {
                saturated = true
            }
        }

        mutating func expire(before since: Int64) {
            guard !saturated else { return }
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

        func heldKeys(since: Int64) -> [UInt64] { zip(keys, seen).filter { $0.1 >= since }.map(\.0) }

        /// The sketch's checkpoint bytes before saturation, as the format defines them.
        func write(to writer: inout BinaryWriter, before base: Int64) {
            writer.u8(UInt8(keys.count))
            for (key, time) in zip(keys, seen) {
                writer.u64(key)
                writer.signed(base &- time)
            }
        }
    }

    /// (days forward, days late, which count) triples: mostly the same or the next day, sometimes a jump past the
    /// horizon, sometimes an event a few days late.
    static let dayStream = zip(
        Gen.oneOf(Gen.int(in: 0...0), Gen.int(in: 0...2), Gen.int(in: 0...12)),
        Gen.oneOf(Gen.int(in: 0...0), Gen.int(in: 0...0), Gen.int(in: 0...6)),
        Gen.int(in: 0...4)
    ).array(of: 1...120)

    @Test("Day panes, with the newest kept inline, equal one sorted array of panes, and checkpoint alike")
    func dayPanes() async {
        await propertyCheck(count: 300, input: Self.dayStream, Gen.int(in: 1...8), Gen.int(in: 0...20)) {
            steps, horizon, back in
            var window = IdentityWindow(label: "138****0000", at: Self.start)
            var reference = ReferenceDays()
            var now = Self.start
            for (forward, late, field) in steps {
                now += Int64(forward) * Self.day
                let time = max(now - Int64(late) * Self.day + Int64(field) * 1_000, Self.start)
                let change: (inout IdentityDay) -> Void = { pane in
                    switch field {
                    case 0: pane.orders += 1
                    case 1: pane.refunds += 1
                    case 2: pane.hits += 1
                    case 3: pane.negativeReviews += 1
                    default: pane.extortion += 1
                    }
                }
                window.count(at: time, horizonDays: Int32(horizon), change)
                reference.count(day: Int32(time / Self.day), horizonDays: Int32(horizon), change)
                #expect(window.days == reference.days)
            }
            let since = now - Int64(back) * Self.day
            #expect(window.totals(since: since) == reference.totals(since: Int32(since / Self.day)))

            var written = BinaryWriter()
            window.write(to: &written)
            var expected = BinaryWriter()
            reference.write(to: &expected, lastSeen: window.lastSeen, label: window.label)
            #expect(written.bytes == expected.bytes, "the checkpoint bytes are those of the format")
            var restored = IdentityWindow(label: "", at: 0)
            var reader = BinaryReader(written.bytes)
            try restored.read(from: &reader)
            #expect(restored.days == reference.days)
            #expect(restored.totals(since: since) == window.totals(since: since))
        }
    }

    /// (time step, key, expire back) triples; a negative expiry means none.
    static let sketchStream = zip(
        Gen.int(in: 0...5_000), Gen.oneOf(Gen.int(in: 0...3), Gen.int(in: 0...40)), Gen.int(in: -30_000...20_000)
    ).array(of: 1...150)

    @Test("The exact sketch, with its first key inline, holds, lists and checkpoints keys as two arrays did")
    func exactSketch() async {
        await propertyCheck(count: 300, input: Self.sketchStream, Gen.int(in: 0...20_000)) { steps, back in
            var sketch = DistinctSketch()
            var reference = ReferenceSketch()
            var now = Self.start
            for (step, key, expiry) in steps {
                now += Int64(step)
                sketch.insert(UInt64(key), at: now)
                reference.insert(UInt64(key), at: now)
                if expiry >= 0 {
                    sketch.expire(before: now - Int64(expiry))
                    reference.expire(before: now - Int64(expiry))
                }
                #expect(sketch.isEstimate == reference.saturated)
                #expect(sketch.heldKeys(since: Int64.min) == reference.keys, "saturation keeps the keys held")
            }
            let since = now - Int64(back)
            guard !reference.saturated else { return }
            #expect(sketch.heldKeys(since: since) == reference.heldKeys(since: since))
            #expect(sketch.count(since: since) == reference.heldKeys(since: since).count)

            var written = BinaryWriter()
            sketch.write(to: &written, before: now)
            var expected = BinaryWriter()
            reference.write(to: &expected, before: now)
            #expect(written.bytes == expected.bytes, "the checkpoint bytes are those of the format")
            var reader = BinaryReader(written.bytes)
            let restored = try DistinctSketch(from: &reader, before: now)
            #expect(restored == sketch)
        }
    }
}
