import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Checkpoint rounds that die between the partition files and the instance file: the restore must pair the
/// instance file with the partition files written with it, however many such rounds came in a row.
@Suite("The state directory after checkpoint rounds cut short")
struct StateInterruptedRoundsTests {
    static let partition = TopicPartition("events", 0)

    /// One round that writes the partition file and then fails to write the instance file, as a process killed
    /// in between would leave the directory (the instance file's temporary path is taken by a directory).
    static func roundCutShort(
        _ state: DaemonState, _ engine: Engine, offset: Int64, directory: StateDirectory
    ) throws {
        let blocker = "\(directory.instancePath).tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        // Checkpoint times are wall-clock milliseconds: keep rounds apart.
        Thread.sleep(forTimeInterval: 0.005)
        state.checkpoint(engine, partitions: [0: (partition, offset)], partitionOf: { _ in 0 })
    }

    static func restart(_ directory: StateDirectory) -> (DaemonState, Engine, startsAt: Int64?) {
        let state = DaemonState(directory: directory, interval: .seconds(1), logger: Logger(label: "test"))
        var engine = Engine(rules: .defaults, fingerprinter: .development)
        state.restoreInstance(into: &engine)
        let starts = state.startingOffsets([partition])[partition]
        _ = state.restorePartition(partition, into: &engine)
        engine.addSource(0)
        return (state, engine, starts)
    }

    @Test func twoRoundsCutShortInARowStillRestoreThePartitionFileWrittenWithTheInstanceFile() throws {
        let temporary = try TemporaryDirectory("brushfire-rounds")
        defer { temporary.remove() }
        let directory = try StateDirectory(path: temporary.path)
        let events = DaemonSeed.events
        let first = DaemonState(directory: directory, interval: .seconds(1), logger: Logger(label: "test"))
        var engine = Engine(rules: .defaults, fingerprinter: .development)
        engine.addSource(0)
        for event in events[0..<1000] { _ = engine.ingest(event, source: 0) }
        _ = engine.advance()
        // A complete round at offset 1000, then one cut short at 2000.
        first.checkpoint(engine, partitions: [0: (Self.partition, 1000)], partitionOf: { _ in 0 })
        for event in events[1000..<2000] { _ = engine.ingest(event, source: 0) }
        _ = engine.advance()
        try Self.roundCutShort(first, engine, offset: 2000, directory: directory)

        // The restart goes back to the round the instance file belongs to...
        var (second, restored, startsAt) = Self.restart(directory)
        #expect(startsAt == 1000)
        // ...and its own first round is cut short too, at 1500.
        for event in events[1000..<1500] { _ = restored.ingest(event, source: 0) }
        _ = restored.advance()
        try Self.roundCutShort(second, restored, offset: 1500, directory: directory)

        // The instance file is still the first round's, and so must the partition file be (found by
        // Scripts/soak-kill.sh: the restarted instance's first round used to make the newer, never committed
        // partition file the previous version, pairing the old instance file with a later round's partition).
        var (third, engine3, again) = Self.restart(directory)
        #expect(again == 1000)
        // A round that completes commits everything: the next restart starts where it was written.
        for event in events[1000..<1200] { _ = engine3.ingest(event, source: 0) }
        _ = engine3.advance()
        third.checkpoint(engine3, partitions: [0: (Self.partition, 1200)], partitionOf: { _ in 0 })
        let (_, _, committed) = Self.restart(directory)
        #expect(committed == 1200)
    }

    @Test func aPartitionRevokedAndAssignedAgainAfterARestartContinuesFromItsRevocation() throws {
        let temporary = try TemporaryDirectory("brushfire-rounds")
        defer { temporary.remove() }
        let directory = try StateDirectory(path: temporary.path)
        let events = DaemonSeed.events
        let first = DaemonState(directory: directory, interval: .seconds(1), logger: Logger(label: "test"))
        var engine = Engine(rules: .defaults, fingerprinter: .development)
        engine.addSource(0)
        for event in events[0..<1000] { _ = engine.ingest(event, source: 0) }
        _ = engine.advance()
        first.checkpoint(engine, partitions: [0: (Self.partition, 1000)], partitionOf: { _ in 0 })
        for event in events[1000..<2000] { _ = engine.ingest(event, source: 0) }
        _ = engine.advance()
        try Self.roundCutShort(first, engine, offset: 2000, directory: directory)

        // The restart pairs the instance file with the previous partition file, as above...
        var (second, restored, startsAt) = Self.restart(directory)
        #expect(startsAt == 1000)
        for event in events[1000..<1500] { _ = restored.ingest(event, source: 0) }
        _ = restored.advance()
        // ...then a rebalance revokes the partition at 1500 and assigns it back to the same process: its own
        // revocation file is the state in memory's continuation, not the older file paired with the instance.
        Thread.sleep(forTimeInterval: 0.005)
        second.release(
            Self.partition, source: 0, nextOffset: 1500, lost: false, engine: &restored, partitionOf: { _ in 0 })
        #expect(second.startingOffsets([Self.partition])[Self.partition] == 1500)
        let back = second.restorePartition(Self.partition, into: &restored)
        #expect(back.nextOffset == 1500)
        #expect(!back.shops.isEmpty)
    }
}
