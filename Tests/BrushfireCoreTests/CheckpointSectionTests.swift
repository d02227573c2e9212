import BrushfireSimulator
import Testing

@testable import BrushfireCore

/// A ring scenario run two thirds of the way, and its checkpoint.
enum RingCheckpointFixture {
    static let events: [Event] = Simulator.run(
        .extortionRing, options: SimulationOptions(seed: 5, days: 3, shops: 40, ordersPerDay: 3_000, buyers: 6_000)
    ).events
    static let uninterrupted: [Alert] = CheckpointSeed.run(events)
    static let split = 2 * events.count / 3

    /// The engine at the split and the alerts it raised until then.
    static func engineAtSplit() -> (engine: Engine, alerts: [Alert]) {
        var engine = Engine()
        let alerts = CheckpointSeed.run(Array(events[..<split]), engine: &engine, finish: false)
        return (engine, alerts)
    }

    /// Runs `engine` from the split to the end: the alerts it raises there, and whether those after `before` are
    /// exactly the uninterrupted run's.
    static func finish(_ engine: inout Engine, after before: [Alert]) -> (alerts: [Alert], matches: Bool) {
        let after = CheckpointSeed.run(Array(events[split...]), engine: &engine, offset: split, finish: true)
        return (after, (before + after).map { $0.jsonLine() } == uninterrupted.map { $0.jsonLine() })
    }

    /// `part` with the section named `name` given another version and its body overwritten, as a build whose
    /// encoding of that section changed would leave it for this one.
    static func bumping(_ name: String, in part: [UInt8]) throws -> (bytes: [UInt8], version: UInt16) {
        let section = try #require(try EngineCheckpoint.sections(of: part).first { $0.name == name })
        var bytes = part
        let bumped = section.version + 1
        bytes[section.header + 2] = UInt8(truncatingIfNeeded: bumped)
        bytes[section.header + 3] = UInt8(truncatingIfNeeded: bumped >> 8)
        for index in section.body { bytes[index] = 0xFF }
        return (bytes, section.version)
    }
}

@Suite("Checkpoint sections")
struct CheckpointSectionTests {
    @Test(
        "An engine holding ring state, restored from its instance checkpoint, keeps every ring key and raises the rest of the run's alerts"
    )
    func ringStateRoundTrip() throws {
        let (first, before) = RingCheckpointFixture.engineAtSplit()
        #expect(first.rings.footprint.keys > 1_000)
        let saved = try first.checkpoint()
        var second = Engine()
        let restored = try second.restore(instance: saved.instance)
        #expect(restored.skipped.isEmpty)
        #expect(second.rings.footprint.keys == first.rings.footprint.keys)
        #expect(second.trackedKeys == first.trackedKeys)
        let rest = RingCheckpointFixture.finish(&second, after: before)
        #expect(rest.alerts.contains { $0.rule == RuleName.fingerprintRing })
        #expect(rest.matches)
    }

    @Test("A section of another version is skipped and reported, its state starts empty, and the others are restored")
    func aSectionOfAnotherVersionIsSkipped() throws {
        let (first, _) = RingCheckpointFixture.engineAtSplit()
        let saved = try first.checkpoint()
        let (bytes, version) = try RingCheckpointFixture.bumping("identity-windows", in: saved.instance)

        var second = Engine()
        let restored = try second.restore(instance: bytes)
        #expect(restored.skipped.map(\.section) == ["identity-windows"])
        #expect(restored.skipped.first?.reason == .version(found: version + 1, reads: version))
        #expect(second.rings.footprint.keys == 0)
        #expect(second.trackedKeys == first.trackedKeys - first.rings.footprint.keys)
        #expect(second.bufferedEvents == first.bufferedEvents)
        #expect(second.openIncidents.count == first.openIncidents.count)
        // The engine runs on: the identity windows are rebuilt from the events that follow.
        let events = RingCheckpointFixture.events
        let split = RingCheckpointFixture.split
        _ = CheckpointSeed.run(Array(events[split...]), engine: &second, offset: split, finish: true)
        #expect(second.rings.footprint.keys > 0)
    }

    @Test("In a partition part, skipping the shops skips what refers to them, and keeps the buffered events")
    func sectionsThatNeedASkippedSectionAreSkippedWithIt() throws {
        let (first, _) = RingCheckpointFixture.engineAtSplit()
        let saved = try first.checkpoint(sources: [0, 1], partitionOf: CheckpointSeed.partition)
        let part = try #require(saved.partitions[0])
        var whole = Engine()
        try whole.restore(instance: saved.instance)
        let expected = try whole.restore(partition: part)
        #expect(expected.skipped.isEmpty && !expected.shops.isEmpty)

        let (bytes, version) = try RingCheckpointFixture.bumping("shops", in: part)
        var second = Engine()
        try second.restore(instance: saved.instance)
        let restored = try second.restore(partition: bytes)
        #expect(
            restored.skipped.map(\.description) == [
                "shops (version \(version + 1), this build reads \(version))",
                "order-burst (needs shops, which was skipped)",
                "reverse-brushing (needs shops, which was skipped)",
                "refund-storm (needs shops, which was skipped)",
                "shop-reviews (needs shops, which was skipped)",
                "shop-incidents (needs shops, which was skipped)",
                "orders (needs shops, which was skipped)",
            ])
        #expect(restored.incidents == 0)
        #expect(restored.bufferedEvents == expected.bufferedEvents)
        #expect(second.bufferedEvents == whole.bufferedEvents)
        #expect(second.watermark == whole.watermark)
    }

    @Test("A section this build does not know is skipped and reported, and the one it replaced is reported missing")
    func anUnknownSectionIsSkipped() throws {
        let (first, _) = RingCheckpointFixture.engineAtSplit()
        var bytes = try first.checkpoint().instance
        let section = try #require(try EngineCheckpoint.sections(of: bytes).first { $0.name == "ring-groups" })
        bytes[section.header] = 0xE7
        bytes[section.header + 1] = 0x03
        var second = Engine()
        let restored = try second.restore(instance: bytes)
        #expect(
            restored.skipped.map(\.description) == [
                "section 999 (unknown to this build)", "ring-groups (missing)",
                "incidents (needs ring-groups, which was skipped)",
            ])
        #expect(second.rings.footprint.keys == first.rings.footprint.keys)
    }

    @Test("A value the format cannot hold makes checkpoint() throw, naming the section, instead of writing it empty")
    func anUnencodableValueIsAnError() throws {
        var engine = RingCheckpointFixture.engineAtSplit().engine
        var window = IdentityWindow(label: "138****0000", at: RingCheckpointFixture.events[0].timestamp)
        window.accounts.append(.init(key: 1, seen: 0))
        window.accounts.rest.append(.init(key: 2, seen: 0))
        engine.rings.phones[42] = window
        #expect {
            _ = try engine.checkpoint()
        } throws: { error in
            guard let error = error as? CheckpointError else { return false }
            return error.reason == .unencodable && error.message.hasPrefix("section identity-windows: ")
        }
    }

    @Test("Every section of both kinds of part is listed with its version")
    func partsListTheirSections() throws {
        let (first, _) = RingCheckpointFixture.engineAtSplit()
        let saved = try first.checkpoint(sources: [0], partitionOf: CheckpointSeed.partition)
        #expect(
            try EngineCheckpoint.sections(of: saved.instance).map(\.name) == [
                "event-time", "dedup", "platform", "buyers", "phones", "identity-windows", "ring-groups",
                "identity-pending", "incidents", "shops", "order-burst", "reverse-brushing", "refund-storm",
                "shop-reviews", "shop-incidents", "orders", "buffered-events",
            ])
        #expect(
            try EngineCheckpoint.sections(of: try #require(saved.partitions[0])).map(\.name) == [
                "source", "shops", "order-burst", "reverse-brushing", "refund-storm", "shop-reviews", "shop-incidents",
                "orders", "buffered-events",
            ])
        #expect(try EngineCheckpoint.sections(of: saved.instance).allSatisfy { $0.version >= 1 })
    }
}
