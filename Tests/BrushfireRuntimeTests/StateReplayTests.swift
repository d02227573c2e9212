import BrushfireCore
import BrushfireRuntime
import BrushfireSimulator
import BrushfireSinks
import Foundation
import Testing

@Suite("Replay with a state directory")
struct StateReplayTests {
    /// Where the seed attack's burst is: the first high order_burst's window start and alert time.
    static let burstIndices: [Int] = {
        let events = DaemonSeed.events
        var engine = Engine()
        var alerts: [Alert] = []
        for (i, event) in events.enumerated() {
            _ = engine.ingest(event)
            if i % 256 == 255 { alerts += engine.advance() }
        }
        guard let open = alerts.first(where: { $0.rule == "order_burst" && $0.severity >= .high }) else {
            return [events.count / 3, events.count / 2, events.count / 2 + 100]
        }
        let first = events.firstIndex { $0.timestamp >= open.windowStart } ?? 0
        let alerted = events.firstIndex { $0.timestamp >= open.eventTime } ?? first
        let opened = events.firstIndex { $0.timestamp >= open.eventTime + 600_000 } ?? alerted
        return [first + 3, (first + alerted) / 2 + 1, opened]
    }()

    static let splits: [[Int]] = {
        var random = SplitMix64(seed: 0xc4e5)
        let count = UInt64(DaemonSeed.events.count)
        let randomPair = [Int(random.next() % count), Int(random.next() % count)].sorted()
        return [Array(burstIndices.prefix(2)), randomPair, [burstIndices[0], Int(random.next() % count)].sorted()]
    }()

    static func replay(_ parts: [[String]], state: String?, in directory: TemporaryDirectory) async throws -> [Alert] {
        var alerts: [Alert] = []
        for (index, lines) in parts.enumerated() {
            let input = try directory.write(lines, to: "part-\(index).jsonl")
            var engine = Engine()
            let checkpoint = try state.map { try ReplayCheckpoint(path: $0) }
            if let checkpoint { _ = checkpoint.restore(into: &engine) }
            let sink = CollectingAlertSink()
            var runner = ReplayRunner(engine: engine, sinks: [sink])
            runner.finishAtEnd = index == parts.count - 1
            _ = try await runner.run(inputs: [input])
            if index < parts.count - 1 { try checkpoint?.save(runner.engine) }
            alerts += sink.alerts
        }
        return alerts
    }

    @Test("A log replayed in parts with --state between them raises the alerts of one replay", arguments: splits)
    func replayInPartsEqualsOneReplay(splitAt points: [Int]) async throws {
        let directory = try TemporaryDirectory("brushfire-state")
        defer { directory.remove() }
        let lines = DaemonSeed.lines
        let whole = try await Self.replay([lines], state: nil, in: directory)
        #expect(whole.contains { $0.rule == "reverse_brushing" })

        var parts: [[String]] = []
        var start = 0
        for point in points + [lines.count] {
            parts.append(Array(lines[start..<point]))
            start = point
        }
        let split = try await Self.replay(parts, state: directory.file("state"), in: directory)
        #expect(Set(split.map(\.alertID)) == Set(whole.map(\.alertID)))
        #expect(finalAlertsByID(split) == finalAlertsByID(whole))
        #expect(split.map { $0.jsonLine() } == whole.map { $0.jsonLine() })
    }

    @Test(
        "A corrupted, truncated or foreign checkpoint is reported, moved aside, and the replay starts empty",
        arguments: ["flip", "truncate", "garbage", "empty"])
    func damagedCheckpointsAreRebuilt(_ damage: String) async throws {
        let directory = try TemporaryDirectory("brushfire-state")
        defer { directory.remove() }
        let checkpoint = try ReplayCheckpoint(path: directory.file("state"))
        var engine = Engine()
        for event in DaemonSeed.events.prefix(3_000) { _ = engine.ingest(event) }
        _ = engine.advance()
        try checkpoint.save(engine)
        let path = checkpoint.directory.instancePath
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "garbage": bytes = Array("{\"not\": \"a checkpoint\"}\n".utf8)
        default: bytes = []
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        var restored = Engine()
        let line = checkpoint.restore(into: &restored)
        #expect(line.contains(path))
        #expect(line.contains("rebuilding from empty state"))
        let reason = ["flip": "corrupt", "truncate": "truncated", "garbage": "bad magic", "empty": "truncated"][damage]!
        #expect(line.contains(reason), "\(line)")
        #expect(restored.bufferedEvents == 0)
        #expect(FileManager.default.fileExists(atPath: path + ".bad"))
        #expect(!FileManager.default.fileExists(atPath: path))

        // The replay goes on from empty state and leaves a good checkpoint.
        let sink = CollectingAlertSink()
        var runner = ReplayRunner(engine: restored, sinks: [sink])
        runner.finishAtEnd = false
        _ = try await runner.run(inputs: [try directory.write(Array(DaemonSeed.lines.prefix(500)), to: "in.jsonl")])
        try checkpoint.save(runner.engine)
        var again = Engine()
        #expect(checkpoint.restore(into: &again).contains("restored"))
    }
}
