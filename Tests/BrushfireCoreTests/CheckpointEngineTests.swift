import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

/// The seed attack, small enough for a debug build, and where its burst lies in the stream.
enum CheckpointSeed {
    static let events: [Event] = Simulator.run(
        .reverseBrushing, options: SimulationOptions(seed: 7, days: 3, shops: 40, ordersPerDay: 3_000, buyers: 6_000)
    ).events

    static let uninterrupted: [Alert] = run(events)

    /// Indices inside the victim's order burst: the first alert about it, and half way through it.
    static let burstPoints: [Int] = {
        guard let open = uninterrupted.first(where: { $0.rule == "order_burst" && $0.severity >= .high }) else {
            return []
        }
        let start = events.firstIndex { $0.timestamp >= open.windowStart } ?? 0
        let alerted = events.firstIndex { $0.timestamp >= open.eventTime } ?? 0
        return [start + 1, alerted, alerted + (alerted - start) / 2 + 17]
    }()

    /// Split points: a few seeded random ones and the burst's.
    static let splitPoints: [Int] = {
        var random = SplitMix64(seed: 0x5eed)
        let picked = (0..<3).map { _ in Int(random.next() % UInt64(events.count - 1)) + 1 }
        return (picked + burstPoints).sorted()
    }()

    /// Replay's way: ingest in order, advance every 256 events, finish.
    static func run(_ events: [Event], from engine: Engine = Engine(), offset: Int = 0, finish: Bool = true) -> [Alert]
    {
        var engine = engine
        return run(events, engine: &engine, offset: offset, finish: finish)
    }

    static func run(_ events: [Event], engine: inout Engine, offset: Int = 0, finish: Bool) -> [Alert] {
        var alerts: [Alert] = []
        for (i, event) in events.enumerated() {
            _ = engine.ingest(event)
            if (offset + i) % 256 == 255 { alerts += engine.advance() }
        }
        alerts += finish ? engine.finish() : engine.advance()
        return alerts
    }

    /// Two made-up partitions: shops split by a stable hash of their id.
    static func partition(_ shopID: String) -> Int? { Int(StableHash.of(shopID) % 2) }
}

@Suite("Engine checkpoints")
struct CheckpointEngineTests {
    @Test(
        "Checkpointed at any point and restored into a new engine, the run raises exactly the same alerts",
        arguments: CheckpointSeed.splitPoints)
    func splitRunEqualsUninterrupted(at split: Int) throws {
        let events = CheckpointSeed.events
        #expect(CheckpointSeed.uninterrupted.contains { $0.rule == "reverse_brushing" })
        var first = Engine()
        var alerts = CheckpointSeed.run(Array(events[..<split]), engine: &first, finish: false)
        let saved = try first.checkpoint()

        var second = Engine()
        try second.restore(instance: saved.instance)
        alerts += CheckpointSeed.run(Array(events[split...]), engine: &second, offset: split, finish: true)
        #expect(alerts.map { $0.jsonLine() } == CheckpointSeed.uninterrupted.map { $0.jsonLine() })
    }

    @Test(
        "The ring detectors' state survives a checkpoint too: ring scenarios split in the middle raise the same alerts",
        arguments: [ScenarioName.extortionRing, .refundRing, .reviewBombing, .retaliation])
    func ringScenariosSplitEqualUninterrupted(_ scenario: ScenarioName) throws {
        let events = Simulator.run(
            scenario, options: SimulationOptions(seed: 3, days: 3, shops: 40, ordersPerDay: 3_000, buyers: 6_000)
        ).events
        let whole = CheckpointSeed.run(events)
        #expect(whole.contains { $0.rule != RuleName.orderBurst && $0.rule != RuleName.refundStorm })
        for split in [events.count / 3, 2 * events.count / 3 + 7] {
            var first = Engine()
            var alerts = CheckpointSeed.run(Array(events[..<split]), engine: &first, finish: false)
            let saved = try first.checkpoint(sources: [0, 1], partitionOf: CheckpointSeed.partition)
            var second = Engine()
            try second.restore(instance: saved.instance)
            try second.restore(partition: saved.partitions[0]!)
            try second.restore(partition: saved.partitions[1]!)
            alerts += CheckpointSeed.run(Array(events[split...]), engine: &second, offset: split, finish: true)
            #expect(Set(alerts.map(\.alertID)) == Set(whole.map(\.alertID)), "split at \(split)")
            #expect(finalAlerts(alerts) == finalAlerts(whole), "split at \(split)")
        }
    }

    @Test("Split into an instance part and per-partition parts, the state restores to the same run")
    func partitionPartsRestoreTheSameRun() throws {
        let events = CheckpointSeed.events
        let split = CheckpointSeed.burstPoints.last ?? events.count / 2
        var first = Engine()
        var alerts = CheckpointSeed.run(Array(events[..<split]), engine: &first, finish: false)
        let saved = try first.checkpoint(sources: [0, 1], partitionOf: CheckpointSeed.partition)
        #expect(saved.partitions.count == 2)
        #expect(saved.partitions.values.allSatisfy { $0.count > 1_000 })

        var second = Engine()
        try second.restore(instance: saved.instance)
        let restored0 = try second.restore(partition: saved.partitions[1]!)
        let restored1 = try second.restore(partition: saved.partitions[0]!)
        #expect(Set(restored0.shops).isDisjoint(with: restored1.shops))
        #expect(restored0.shops.allSatisfy { CheckpointSeed.partition($0) == 1 })
        alerts += CheckpointSeed.run(Array(events[split...]), engine: &second, offset: split, finish: true)
        // Restoring partition 1 before 0 renumbers the shops, which may reorder alerts of one tick: compare as sets
        // and by each incident's last alert.
        #expect(Set(alerts.map { $0.jsonLine() }) == Set(CheckpointSeed.uninterrupted.map { $0.jsonLine() }))
        #expect(finalAlerts(alerts) == finalAlerts(CheckpointSeed.uninterrupted))
    }

    @Test("A partition extracted and restored again (it moved away and came back) continues its windows")
    func extractAndRestoreRoundTrip() throws {
        let events = CheckpointSeed.events
        let split = CheckpointSeed.burstPoints.first ?? events.count / 2
        var engine = Engine()
        var alerts = CheckpointSeed.run(Array(events[..<split]), engine: &engine, finish: false)
        let buffered = engine.bufferedEvents
        let part = try engine.extract(partition: 1, partitionOf: CheckpointSeed.partition)
        #expect(engine.bufferedEvents < buffered || buffered == 0)
        let restored = try engine.restore(partition: part)
        #expect(engine.bufferedEvents == buffered)
        #expect(!restored.shops.isEmpty)
        alerts += CheckpointSeed.run(Array(events[split...]), engine: &engine, offset: split, finish: true)
        #expect(finalAlerts(alerts) == finalAlerts(CheckpointSeed.uninterrupted))
    }

    @Test("Truncated anywhere, an instance checkpoint is refused with an error and the engine is left unchanged")
    func truncatedCheckpointsAreRefused() throws {
        var engine = Engine()
        _ = CheckpointSeed.run(Array(CheckpointSeed.events.prefix(4_000)), engine: &engine, finish: false)
        let bytes = try engine.checkpoint().instance
        var random = SplitMix64(seed: 42)
        let cuts = [0, 1, 4, 12, bytes.count - 1] + (0..<40).map { _ in Int(random.next() % UInt64(bytes.count)) }
        for cut in cuts {
            var fresh = Engine()
            #expect(throws: CheckpointError.self) { try fresh.restore(instance: Array(bytes[..<cut])) }
            #expect(fresh.bufferedEvents == 0 && fresh.openIncidents.isEmpty)
        }
    }

    @Test("Random corruption never traps: it is refused, or decodes to some state that still runs")
    func corruptedCheckpointsNeverTrap() throws {
        var engine = Engine()
        _ = CheckpointSeed.run(Array(CheckpointSeed.events.prefix(4_000)), engine: &engine, finish: false)
        let bytes = try engine.checkpoint().instance
        var random = SplitMix64(seed: 7)
        for _ in 0..<60 {
            var damaged = bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                damaged[Int(random.next() % UInt64(damaged.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            var fresh = Engine()
            if (try? fresh.restore(instance: damaged)) != nil {
                _ = CheckpointSeed.run(Array(CheckpointSeed.events[4_000..<4_500]), engine: &fresh, finish: true)
            }
        }
    }

    @Test("Another format version or other window settings are refused as incompatible")
    func incompatibleCheckpointsAreRefused() throws {
        var engine = Engine()
        _ = CheckpointSeed.run(Array(CheckpointSeed.events.prefix(1_000)), engine: &engine, finish: false)
        var bytes = try engine.checkpoint().instance
        var rules = Rules.defaults
        rules.engine.pane = 60_000
        var other = Engine(rules: rules)
        #expect(
            throws: CheckpointError(
                .incompatible,
                "written for other window settings (engine.pane, order_burst.windows, refund_storm.window)")
        ) {
            try other.restore(instance: bytes)
        }
        bytes[0] &+= 1
        var fresh = Engine()
        #expect { try fresh.restore(instance: bytes) } throws: { ($0 as? CheckpointError)?.reason == .incompatible }
    }
}

/// Each incident's last alert, by alert id.
func finalAlerts(_ alerts: [Alert]) -> [String: String] {
    var last: [String: String] = [:]
    for alert in alerts { last[alert.alertID] = alert.jsonLine() }
    return last
}
