import BrushfireSimulator
import PropertyBased
import Testing

@testable import BrushfireCore

/// The unit that crosses the seam to the identity side: one key's share of an observation, its wire form and the
/// partition its key falls in.
@Suite("Key observations")
struct KeyObservationTests {
    /// A ring run with every observation kept, and the engine after it.
    static let recorded: (engine: Engine, observations: [KeyObservation]) = {
        var engine = Engine()
        var meter = IdentityWireMeter(partitions: 8)
        meter.sample = []
        engine.identityWire = meter
        _ = CheckpointSeed.run(RingCheckpointFixture.events, engine: &engine, finish: true)
        return (engine, engine.identityWire?.sample ?? [])
    }()

    @Test("Every observation of a ring run reads back from its wire form as it was written")
    func wireRoundTrip() throws {
        let observations = Self.recorded.observations
        #expect(observations.count > RingCheckpointFixture.events.count / 2)
        var kinds = Set<String>()
        for observation in observations {
            var writer = BinaryWriter(capacity: 64)
            observation.encode(into: &writer)
            var reader = BinaryReader(writer.finish())
            let read = try KeyObservation(from: &reader)
            #expect(read == observation)
            switch observation.change {
            case .order: kinds.insert("order \(observation.key.kind)")
            case .refund: kinds.insert("refund \(observation.key.kind)")
            case .hit(_, _, _, let extortion, _): kinds.insert(extortion ? "extortion" : "hit")
            }
        }
        // Every shape of the format was exercised.
        #expect(
            kinds.isSuperset(of: [
                "order buyer", "order phone", "order address", "refund buyer", "refund phone", "hit", "extortion",
            ]))
    }

    @Test("The identity side fed only the decoded wire records builds the very windows the engine built")
    func decodedRecordsRebuildTheWindows() throws {
        let (engine, observations) = Self.recorded
        let identity = IdentityOperators(rules: .defaults, fingerprinter: .development)
        var rings = RingState()
        var writer = BinaryWriter(capacity: 1 << 20)
        var ends: [Int] = []
        for observation in observations {
            observation.encode(into: &writer)
            ends.append(writer.count)
        }
        let bytes = writer.finish()
        var stage = IdentityStage()
        var start = 0
        for end in ends {
            var reader = BinaryReader(bytes, range: start..<end)
            stage.offer(try KeyObservation(from: &reader))
            start = end
        }
        stage.drain(before: Int64.max, identity, &rings)
        #expect(rings.footprint.keys == engine.rings.footprint.keys)
        for (table, rebuilt) in [
            (engine.rings.phones, rings.phones), (engine.rings.addresses, rings.addresses),
            (engine.rings.buyers, rings.buyers),
        ] {
            #expect(table.count == rebuilt.count)
            for (key, window) in table {
                var expected = BinaryWriter(capacity: 256)
                window.write(to: &expected)
                // Only the engine evaluated its windows, which clears their marks: those are not compared.
                var same = try #require(rebuilt[key])
                same.dirty = window.dirty
                var actual = BinaryWriter(capacity: 256)
                same.write(to: &actual)
                #expect(actual.finish() == expected.finish())
            }
        }
    }

    @Test("A cut or damaged record is refused with an error, never a trap")
    func damagedRecordsAreRefused() {
        for observation in Self.shapes {
            var writer = BinaryWriter(capacity: 64)
            observation.encode(into: &writer)
            let bytes = writer.finish()
            for length in 0..<bytes.count {
                var reader = BinaryReader(Array(bytes[..<length]))
                #expect(throws: CheckpointError.self) { try KeyObservation(from: &reader) }
            }
            var longer = BinaryReader(bytes + [0])
            #expect(throws: CheckpointError.self) { try KeyObservation(from: &longer) }
            var otherVersion = bytes
            otherVersion[0] = KeyObservation.wireVersion + 1
            var reader = BinaryReader(otherVersion)
            #expect(throws: CheckpointError(.incompatible, "observation version 2; this build reads 1")) {
                try KeyObservation(from: &reader)
            }
        }
    }

    @Test("Any flipped byte either is refused or reads back as a record that round-trips")
    func flippedBytes() async {
        let observations = Self.shapes
        await propertyCheck(input: Gen.int(in: 0...10_000), Gen.int(in: 1...255)) { choice, flip in
            let observation = observations[choice % observations.count]
            var writer = BinaryWriter(capacity: 64)
            observation.encode(into: &writer)
            var bytes = writer.finish()
            bytes[choice % bytes.count] ^= UInt8(flip)
            var reader = BinaryReader(bytes)
            guard let read = try? KeyObservation(from: &reader) else { return }
            var again = BinaryWriter(capacity: 64)
            read.encode(into: &again)
            var second = BinaryReader(again.finish())
            #expect((try? KeyObservation(from: &second)) == read)
        }
    }

    @Test("Keys spread evenly over any partition count, each always to the same partition")
    func partitionsAreEvenAndStable() async {
        await propertyCheck(input: Gen.int(in: 1...64), Gen.int(in: 0...Int.max)) { count, seed in
            var spread = Array(repeating: 0, count: count)
            var value = UInt64(seed)
            for _ in 0..<(count * 200) {
                value = StableHash.mix(value)
                let key = IdentityKey(kind: .phone, value: value)
                let partition = key.partition(of: count)
                #expect((0..<count).contains(partition))
                #expect(key.partition(of: count) == partition)
                spread[partition] += 1
            }
            // 200 expected per partition: a partition off by half of that would be a broken reduction.
            #expect(spread.allSatisfy { (100...300).contains($0) })
        }
    }

    @Test("Ring windows count shops by the stable hash of their id, which no restart or rebalance renumbers")
    func shopsAreCountedByStableKey() {
        let engine = Self.recorded.engine
        let shopKeys = Set(RingCheckpointFixture.events.map { StableHash.of($0.shopID) })
        var counted = Set<UInt64>()
        let tables = [engine.rings.phones, engine.rings.addresses, engine.rings.buyers]
        for window in tables.flatMap({ $0.entries.map(\.value) }) {
            counted.formUnion(window.hitShops.heldKeys(since: 0))
            counted.formUnion(window.refundShops.heldKeys(since: 0))
        }
        #expect(counted.count > 5)
        #expect(counted.isSubset(of: shopKeys))
    }

    @Test("Restored with its partitions in another order (shops numbered anew), a ring run ends as the uninterrupted")
    func restoreInAnotherOrder() throws {
        let (first, before) = RingCheckpointFixture.engineAtSplit()
        let saved = try first.checkpoint(sources: [0, 1], partitionOf: CheckpointSeed.partition)
        var second = Engine()
        try second.restore(instance: saved.instance)
        try second.restore(partition: saved.partitions[1]!)
        try second.restore(partition: saved.partitions[0]!)
        let rest = RingCheckpointFixture.finish(&second, after: before)
        #expect(rest.alerts.contains { $0.rule == RuleName.fingerprintRing })
        #expect(rest.matches)
    }

    @Test("Identity windows and ring groups written before shops were hashed (version 1) are still read")
    func versionOneRingSectionsAreRead() throws {
        let (first, _) = RingCheckpointFixture.engineAtSplit()
        var bytes = try first.checkpoint().instance
        for section in try EngineCheckpoint.sections(of: bytes)
        where section.name == "identity-windows" || section.name == "ring-groups" {
            bytes[section.header + 2] = 1
            bytes[section.header + 3] = 0
        }
        var second = Engine()
        let restored = try second.restore(instance: bytes)
        #expect(restored.skipped.isEmpty)
        #expect(second.rings.footprint.keys == first.rings.footprint.keys)
    }
}

extension KeyObservationTests {
    /// One recorded observation of each shape of the format: key kind, change and flags.
    static let shapes: [KeyObservation] = {
        var seen: [String: KeyObservation] = [:]
        for observation in recorded.observations {
            let shape: String
            switch observation.change {
            case .order(_, let phone, let door, _): shape = "order \(phone != 0) \(door != 0)"
            case .refund: shape = "refund"
            case .hit(_, _, let firstHit, let extortion, _): shape = "hit \(firstHit) \(extortion)"
            }
            seen["\(observation.key.kind) \(shape)"] = seen["\(observation.key.kind) \(shape)"] ?? observation
        }
        return seen.keys.sorted().map { seen[$0]! }
    }()
}
