import BrushfireCore
import BrushfireRuntime
import Foundation
import Testing

@Suite("Replay on two threads: reading and decoding ahead of the engine")
struct ReplayThreadsTests {
    /// What one replay gave: alerts, the rejects file, the summary's counts.
    struct Outcome: Equatable {
        var alerts: [String]
        var rejects: String
        var lines: Int
        var blankLines: Int
        var invalidByReason: [String: Int]
        var engine: EngineStatistics
    }

    static func replay(_ inputs: [String], threads: Int, in directory: TemporaryDirectory) async throws -> Outcome {
        let sink = CollectingAlertSink()
        let rejectsPath = directory.file("rejects-\(threads).jsonl")
        let rejects = try LineWriter(path: rejectsPath)
        var runner = ReplayRunner(engine: Engine(), sinks: [sink], rejects: rejects)
        runner.threads = threads
        let summary = try await runner.run(inputs: inputs)
        rejects.close()
        return Outcome(
            alerts: sink.alerts.map { $0.jsonLine() },
            rejects: try String(contentsOfFile: rejectsPath, encoding: .utf8),
            lines: summary.lines, blankLines: summary.blankLines, invalidByReason: summary.invalidByReason,
            engine: summary.engine)
    }

    @Test func twoThreadsGiveTheAlertsRejectsAndCountsOfOne() async throws {
        let directory = try TemporaryDirectory("brushfire-threads")
        defer { directory.remove() }
        // More lines than one batch of 16,384 (blank lines count too), invalid and late lines, and a line longer
        // than the decoder's limit, over two files.
        var first = DaemonSeed.lines
        first.insert("not json", at: 100)
        first.insert(#"{"event_id":"e2","type":"order"}"#, at: first.count / 2)
        first.insert(String(repeating: "x", count: (1 << 20) + 10), at: first.count * 3 / 4)
        first.insert(contentsOf: repeatElement("", count: 8_000), at: first.count / 3)
        first.append(DaemonSeed.lines[0].replacingOccurrences(of: #""event_id":""#, with: #""event_id":"late-"#))
        let second = Array(DaemonSeed.lines.prefix(50)) + ["  ", "{"]
        let inputs = [try directory.write(first, to: "a.jsonl"), try directory.write(second, to: "b.jsonl")]
        #expect(first.count > 16_384)

        let one = try await Self.replay(inputs, threads: 1, in: directory)
        let two = try await Self.replay(inputs, threads: 2, in: directory)
        #expect(two == one)
        #expect(!one.alerts.isEmpty)
        #expect(one.lines == first.count + second.count)
        #expect(one.blankLines == 8_001)
        #expect(one.invalidByReason == ["malformed_json": 2, "missing_field": 1, "too_long": 1])
        #expect(one.engine.late + one.engine.duplicates >= 51)
        #expect(one.rejects.contains(#""reason":"too_long""#))
    }

    @Test func anInputThatCannotBeReadFailsAfterTheInputsBeforeIt() async throws {
        let directory = try TemporaryDirectory("brushfire-threads")
        defer { directory.remove() }
        let good = try directory.write(DaemonSeed.lines, to: "good.jsonl")
        let missing = directory.file("missing.jsonl")
        for threads in [1, 2] {
            let sink = CollectingAlertSink()
            var runner = ReplayRunner(engine: Engine(), sinks: [sink])
            runner.threads = threads
            await #expect(throws: InputError.self) { _ = try await runner.run(inputs: [good, missing]) }
            // Everything of the good input was processed and delivered up to its last batch.
            #expect(runner.engine.statistics.processed + runner.engine.bufferedEvents == DaemonSeed.lines.count)
            #expect(!sink.alerts.isEmpty)
        }
    }
}
