import BrushfireSimulator
import PropertyBased
import Testing

@testable import BrushfireCore

/// The identity side's intake: observations from several producers, in whatever interleaving a topic delivers
/// them, build the same windows.
@Suite("Identity stage")
struct IdentityStageTests {
    static let observations = KeyObservationTests.recorded.observations
    static let pane = Rules.defaults.engine.pane
    static let identity = IdentityOperators(rules: .defaults, fingerprinter: .development)

    /// Feeds the ring run's observations to a stage one pane at a time, each pane's in the order `arrange` gives,
    /// draining at every pane boundary as the engine does.
    static func build(_ arrange: ([KeyObservation]) -> [KeyObservation]) -> RingState {
        var stage = IdentityStage()
        var rings = RingState()
        let panes = Dictionary(grouping: observations) { $0.time / pane }
        for index in panes.keys.sorted() {
            for observation in arrange(panes[index]!) { stage.offer(observation) }
            stage.drain(before: (index + 1) * pane, identity, &rings)
        }
        #expect(stage.pending.isEmpty)
        return rings
    }

    /// Every window in its checkpoint bytes, by key, and the keys waiting for evaluation in their order.
    static func contents(_ rings: RingState) -> (windows: [IdentityKey: [UInt8]], dirty: [IdentityKey]) {
        var windows: [IdentityKey: [UInt8]] = [:]
        for (kind, table) in [(IdentityKind.phone, rings.phones), (.address, rings.addresses), (.buyer, rings.buyers)] {
            for (value, window) in table {
                var writer = BinaryWriter(capacity: 256)
                window.write(to: &writer)
                windows[IdentityKey(kind: kind, value: value)] = writer.finish()
            }
        }
        return (windows, rings.dirtyKeys)
    }

    /// `pane` as `producers` instances' shop sides would put it on the topic: each instance makes all the keys of
    /// its events in event-time order, and the topic interleaves the instances at random.
    static func interleave(_ pane: [KeyObservation], producers: Int, _ random: inout SplitMix64) -> [KeyObservation] {
        var queues = Array(repeating: [KeyObservation](), count: producers)
        for observation in pane {
            queues[Int(StableHash.mix(observation.event) % UInt64(producers))].append(observation)
        }
        var heads = Array(repeating: 0, count: producers)
        var merged: [KeyObservation] = []
        while merged.count < pane.count {
            let open = (0..<producers).filter { heads[$0] < queues[$0].count }
            let pick = open[Int(random.next() % UInt64(open.count))]
            merged.append(queues[pick][heads[pick]])
            heads[pick] += 1
        }
        return merged
    }

    @Test("Observations of several producers, interleaved in any way, build the windows of one producer")
    func interleavingDoesNotMatter() async {
        let reference = Self.contents(Self.build { $0 })
        #expect(reference.windows.count == KeyObservationTests.recorded.engine.rings.footprint.keys)
        await propertyCheck(count: 12, input: Gen.int(in: 2...5), Gen.int(in: 0...Int.max)) { producers, seed in
            var random = SplitMix64(seed: UInt64(seed))
            let built = Self.contents(Self.build { Self.interleave($0, producers: producers, &random) })
            // Compared as flags: a failure's message would otherwise print thousands of windows.
            let sameWindows = built.windows == reference.windows
            let sameOrder = built.dirty == reference.dirty
            #expect(sameWindows, "\(producers) producers, seed \(seed): other windows")
            #expect(sameOrder, "\(producers) producers, seed \(seed): keys to evaluate in another order")
        }
    }

    @Test("Applied as they arrive instead, the same interleavings build other windows")
    func arrivalOrderWouldMatter() {
        var random = SplitMix64(seed: 11)
        var rings = RingState()
        let panes = Dictionary(grouping: Self.observations) { $0.time / Self.pane }
        for index in panes.keys.sorted() {
            for observation in Self.interleave(panes[index]!, producers: 3, &random) {
                Self.identity.observe(observation, &rings)
            }
        }
        let reference = Self.contents(Self.build { $0 })
        let arrived = Self.contents(rings)
        #expect(arrived.windows.keys.sorted(by: Self.before) == reference.windows.keys.sorted(by: Self.before))
        let differ = arrived.windows != reference.windows || arrived.dirty != reference.dirty
        #expect(differ)
    }

    static func before(_ a: IdentityKey, _ b: IdentityKey) -> Bool {
        (a.kind.rawValue, a.value) < (b.kind.rawValue, b.value)
    }

    @Test("Only observations before the boundary are applied; the later ones wait, in the order they came")
    func laterObservationsWait() throws {
        let first = try #require(Self.observations.first)
        let boundary = (first.time / Self.pane + 1) * Self.pane
        let early = Self.observations.filter { $0.time < boundary }
        let late = Array(Self.observations.lazy.filter { $0.time >= boundary }.prefix(40))
        #expect(!early.isEmpty && late.count == 40)
        var stage = IdentityStage()
        var rings = RingState()
        // Reversed: the stage must put them back in order, and keep the late ones however they are mixed in.
        for observation in (late + early).reversed() { stage.offer(observation) }
        stage.drain(before: boundary, Self.identity, &rings)
        #expect(stage.pending == late.reversed())
        var expected = RingState()
        let canonical = early.sorted {
            ($0.time, $0.event, IdentityStage.rank($0.key.kind)) < ($1.time, $1.event, IdentityStage.rank($1.key.kind))
        }
        for observation in canonical { Self.identity.observe(observation, &expected) }
        let (built, reference) = (Self.contents(rings), Self.contents(expected))
        let same = built.windows == reference.windows && built.dirty == reference.dirty
        #expect(same)
    }

    /// The ring run stopped at the first event from its split on after which observations wait for the identity
    /// side, the alerts until then, and where it stopped.
    static func engineWithPending() -> (engine: Engine, alerts: [Alert], next: Int) {
        let events = RingCheckpointFixture.events
        var (engine, alerts) = RingCheckpointFixture.engineAtSplit()
        var next = RingCheckpointFixture.split
        while engine.identityStage.pending.isEmpty && next < events.count {
            _ = engine.ingest(events[next])
            alerts += engine.advance()
            next += 1
        }
        return (engine, alerts, next)
    }

    @Test("Observations waiting at a checkpoint are restored with it, and the run then ends as the uninterrupted")
    func pendingObservationsAreCheckpointed() throws {
        let (first, before, next) = Self.engineWithPending()
        #expect(!first.identityStage.pending.isEmpty)
        let saved = try first.checkpoint()
        var second = Engine()
        let restored = try second.restore(instance: saved.instance)
        #expect(restored.skipped.isEmpty)
        #expect(second.identityStage.pending == first.identityStage.pending)
        let events = RingCheckpointFixture.events
        let after = CheckpointSeed.run(Array(events[next...]), engine: &second, offset: next, finish: true)
        #expect((before + after).map { $0.jsonLine() } == RingCheckpointFixture.uninterrupted.map { $0.jsonLine() })
    }

    @Test("A checkpoint whose waiting observations are damaged is refused, not restored without them")
    func damagedPendingIsRefused() throws {
        let bytes = try Self.engineWithPending().engine.checkpoint().instance
        let section = try #require(try EngineCheckpoint.sections(of: bytes).first { $0.name == "identity-pending" })
        // The first observation's version byte: after the count and that observation's length (8 bytes).
        var reader = BinaryReader(bytes, range: section.body)
        #expect(try reader.count("observations") > 0)
        var damaged = bytes
        damaged[reader.position + 8] = KeyObservation.wireVersion + 1
        var second = Engine()
        #expect(throws: CheckpointError.self) { try second.restore(instance: damaged) }
        #expect(second.identityStage.pending.isEmpty)
    }
}
