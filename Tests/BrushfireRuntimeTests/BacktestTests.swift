import BrushfireCore
import BrushfireRuntime
import BrushfireTestKit
import Foundation
import Testing

/// A backtest of the seed attack's log, written to a file, with `candidate` rules against `baseline` rules.
private func backtest(candidate: String?, baseline: String? = nil) async throws -> BacktestRun {
    let directory = try TemporaryDirectory("brushfire-backtest")
    defer { directory.remove() }
    let log = try directory.write(DaemonSeed.lines, to: "seed.jsonl")
    func engine(_ yaml: String?) throws -> Engine {
        guard let yaml else { return Engine() }
        return Engine(rules: try Rules.parse(yaml: yaml), rulesVersion: Rules.version(ofFile: yaml))
    }
    return try await BacktestRunner.run(inputs: [log], baseline: engine(baseline), candidate: engine(candidate))
}

private let burstOff = "order_burst:\n  min_orders: 1000000\n"

@Suite("brushfire backtest: the difference a rules change makes, by incident")
struct BacktestTests {
    @Test("Raising order_burst.min_orders far above the burst removes its order_burst incidents and adds nothing")
    func burstRaisedFarAbove() async throws {
        let run = try await backtest(candidate: burstOff)
        let diff = run.diff
        let bursts = BacktestIncident.incidents(of: run.baselineAlerts).filter { $0.rule == "order_burst" }
        #expect(!bursts.isEmpty)
        let counts = try #require(diff.rules.first { $0.rule == "order_burst" })
        #expect(counts.removed == bursts.count)
        #expect(counts.candidate == 0)
        #expect(diff.totals.added == 0)
        #expect(diff.entries.filter { $0.rule == "order_burst" }.allSatisfy { $0.change == .removed })
        let text = diff.text(baseline: "built-in defaults", candidate: "strict.yaml")
        #expect(text.contains("removed  order_burst shop \(bursts[0].subject.id)"))
    }

    @Test("The built-in defaults against themselves make no difference")
    func defaultsAgainstThemselves() async throws {
        let run = try await backtest(candidate: nil)
        #expect(!run.baselineAlerts.isEmpty)
        #expect(run.diff.isEmpty)
        #expect(run.diff.entries.isEmpty)
        #expect(run.diff.totals.unchanged == BacktestIncident.incidents(of: run.baselineAlerts).count)
        #expect(run.diff.text(baseline: "a", candidate: "b").hasSuffix("no difference"))
    }

    @Test("Incidents opened only under the candidate rules are reported as added")
    func opened() async throws {
        let diff = try await backtest(candidate: nil, baseline: burstOff).diff
        let counts = try #require(diff.rules.first { $0.rule == "order_burst" })
        #expect(counts.added > 0 && counts.baseline == 0)
        #expect(diff.totals.removed == 0)
        #expect(diff.entries.contains { $0.change == .added && $0.rule == "order_burst" && $0.baseline == nil })
    }

    @Test("An incident under both whose first alert moves is reported as changed, not as removed and added")
    func changed() async throws {
        let diff = try await backtest(candidate: "order_burst:\n  min_orders: 60\n").diff
        let entry = try #require(diff.entries.first { $0.rule == "order_burst" && $0.change == .changed })
        let before = try #require(entry.baseline)
        let after = try #require(entry.candidate)
        #expect(after.firstAlert > before.firstAlert)
        #expect(before.alertID != after.alertID, "alert ids depend on the rules; incidents are matched without them")
        #expect(entry.differences.contains { $0.hasPrefix("first alert ") })
    }

    @Test("Each side's alerts are exactly what a replay with its rules gives")
    func sidesMatchReplay() async throws {
        let run = try await backtest(candidate: burstOff)
        let strict = try Rules.parse(yaml: burstOff)
        let replayed = EngineRun.lines(DaemonSeed.lines, rules: strict).output.alerts.map { $0.jsonLine() }
        #expect(run.candidateAlerts.allSatisfy { $0.rulesVersion == Rules.version(ofFile: burstOff) })
        #expect(
            run.candidateAlerts.map { alert in
                var alert = alert
                alert.rulesVersion = nil
                return alert.jsonLine()
            } == replayed)
        #expect(run.baselineAlerts.map { $0.jsonLine() } == DaemonSeed.replayAlerts)
    }

    @Test("Matching needs the same rule, subject and overlapping spans")
    func matching() {
        func alert(_ rule: String, _ shop: String, _ start: Int64, _ end: Int64, _ severity: Severity, size: Int)
            -> Alert
        {
            Alert(
                alertID: "\(rule)-\(shop)-\(start)", rule: rule, severity: severity, status: .open,
                subject: AlertSubject(kind: .shop, id: shop), windowStart: start, windowEnd: end, eventTime: end,
                metrics: [AlertMetric("orders", size)], evidenceOrderIDs: [], evidenceBuyerIDs: [], summary: "")
        }
        let baseline = [
            alert("order_burst", "a", 0, 100, .medium, size: 40), alert("order_burst", "b", 0, 100, .high, size: 40),
            alert("refund_storm", "a", 500, 600, .medium, size: 20),
        ]
        let candidate = [
            alert("order_burst", "a", 50, 150, .high, size: 40), alert("order_burst", "b", 200, 300, .high, size: 40),
            alert("refund_storm", "a", 500, 600, .medium, size: 20),
        ]
        let diff = BacktestDiff(
            baseline: BacktestIncident.incidents(of: baseline), candidate: BacktestIncident.incidents(of: candidate))
        #expect(diff.entries.map { "\($0.change) \($0.subject.id)" } == ["removed b", "changed a", "added b"])
        #expect(
            diff.entries[1].differences == [
                "severity medium → high", "first alert 1970-01-01T00:00:00.100Z → 1970-01-01T00:00:00.150Z",
            ])
        #expect(diff.totals.unchanged == 1)
    }

    @Test(
        "The command writes JSON and a self-contained HTML timeline, and --fail-on-change exits 1",
        .enabled(if: StateKillTests.executable != nil, "the brushfire executable is not built"))
    func command() throws {
        let directory = try TemporaryDirectory("brushfire-backtest-cli")
        defer { directory.remove() }
        let log = try directory.write(DaemonSeed.lines, to: "seed.jsonl")
        let rules = try directory.write([burstOff], to: "strict.yaml")
        let defaults = try directory.write([Rules.defaults.yaml()], to: "defaults.yaml")
        func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: StateKillTests.executable!)
            process.arguments = ["backtest", log] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let json = directory.file("diff.json")
        let report = directory.file("diff.html")
        let changed = try run(["--rules", rules, "--json", json, "--report", report, "--fail-on-change"])
        #expect(changed.status == 1)
        #expect(changed.output.contains("removed  order_burst"))
        let document =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(document?["differs"] as? Bool == true)
        let totals = document?["totals"] as? [String: Any]
        #expect((totals?["removed"] as? Int ?? 0) > 0 && totals?["added"] as? Int == 0)
        let page = try String(contentsOfFile: report, encoding: .utf8)
        #expect(page.contains("data-change=\"removed\"") && page.contains("<svg"))
        #expect(!page.contains("<script src") && !page.contains("<link"))
        let same = try run(["--rules", defaults, "--fail-on-change"])
        #expect(same.status == 0)
        #expect(same.output.contains("no difference"))
        #expect(try run(["--rules", rules]).status == 0)
    }
}
