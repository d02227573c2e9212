import BrushfireSimulator
import BrushfireTestKit
import Testing

@testable import BrushfireCore

/// Runs the seed scenario through one pipeline and stages `rules` once the record `stageAt(alerts so far)` says so.
private func runSeed(staging rules: Rules?, version: String = "v2", when stageAt: ([Alert]) -> Bool)
    -> (alerts: [Alert], changes: [RulesChange], stagedAfter: Int)
{
    let lines = SimulationCache.shared.simulation(.reverseBrushing, seed: 1).events.map { $0.jsonLine() }
    var pipeline = Pipeline(engine: Engine())
    var output = Pipeline.Output()
    var staged = false
    var stagedAfter = 0
    var changes: [RulesChange] = []
    for (index, line) in lines.enumerated() {
        var line = line
        line.withUTF8 { bytes in
            pipeline.offer(
                UnsafeRawBufferPointer(bytes), tag: index, at: .line(file: "seed", line: index), into: &output)
        }
        if !staged, let rules, stageAt(output.alerts) {
            try! pipeline.engine.stage(rules, version: version)
            staged = true
            stagedAfter = output.alerts.count
        }
        changes += pipeline.engine.takeRulesChanges()
    }
    pipeline.finish(into: &output)
    changes += pipeline.engine.takeRulesChanges()
    return (output.alerts, changes, stagedAfter)
}

@Suite("Rules reloaded in a running engine")
struct EngineReloadTests {
    @Test("Staging the same rules mid-stream changes nothing but the version the later alerts carry")
    func sameRulesKeepEverything() throws {
        let plain = runSeed(staging: nil, when: { _ in false }).alerts
        let reloaded = runSeed(staging: .defaults, when: { $0.contains { $0.rule == "order_burst" } })
        #expect(reloaded.changes.count == 1)
        #expect(reloaded.changes.first?.version == "v2")
        #expect(reloaded.changes.first?.notes == [])
        let boundary = try #require(reloaded.changes.first?.at)
        #expect(boundary % Rules.defaults.engine.pane == 0)
        let stripped = reloaded.alerts.map { alert in
            var alert = alert
            alert.rulesVersion = nil
            return alert.jsonLine()
        }
        #expect(stripped == plain.map { $0.jsonLine() })
        #expect(reloaded.alerts.allSatisfy { ($0.rulesVersion == "v2") == ($0.eventTime >= boundary) })
        #expect(reloaded.alerts.contains { $0.rulesVersion == "v2" })
    }

    @Test("Stricter rules take effect at the next pane boundary; the open incident lives on, windows are rebuilt")
    func stricterRulesFollowTheBoundary() throws {
        let plain = runSeed(staging: nil, when: { _ in false }).alerts
        let firstBurst = try #require(plain.first { $0.rule == "order_burst" })
        let reverse = try #require(plain.first { $0.rule == "reverse_brushing" })
        #expect(reverse.eventTime > firstBurst.eventTime, "the seed's reverse brushing follows its burst")

        var stricter = Rules.defaults
        stricter.reverseBrushing.minRefunds = 1_000_000
        stricter.orderBurst.windows = [60_000, 300_000, 1_800_000]
        let reloaded = runSeed(staging: stricter, when: { $0.contains { $0.rule == "order_burst" } })
        let change = try #require(reloaded.changes.first)
        #expect(change.notes.contains { $0.hasPrefix("order_burst: longest window 15m → 30m") })
        // Before the boundary the alerts are those of the old rules.
        let before = reloaded.alerts.filter { $0.eventTime < change.at }
        #expect(before.map { $0.jsonLine() } == plain.filter { $0.eventTime < change.at }.map { $0.jsonLine() })
        // After it, no reverse brushing: its refunds never reach a million.
        #expect(!reloaded.alerts.contains { $0.rule == "reverse_brushing" })
        // The burst opened under the old rules is the same incident afterwards (no second open for the shop).
        let burstAlerts = reloaded.alerts.filter { $0.rule == "order_burst" && $0.subject == firstBurst.subject }
        #expect(Set(burstAlerts.map(\.alertID)) == [firstBurst.alertID])
        #expect(burstAlerts.filter { $0.status == .open }.count == 1)
        #expect(burstAlerts.contains { $0.rulesVersion == "v2" })
    }

    @Test("A rules file that changes the pane width is refused; the running rules stay")
    func paneChangeRefused() throws {
        var engine = Engine()
        var wider = Rules.defaults
        wider.engine.pane = 60_000
        #expect(throws: RulesError.self) { try engine.stage(wider, version: "v2") }
        #expect(engine.rules == .defaults)
        #expect(engine.rulesVersion == nil)
        #expect(!Engine.reloadProblems(from: .defaults, to: wider).isEmpty)
    }

    @Test("A resized pane ring keeps the newest panes that fit, and a grown one keeps them all")
    func paneRingResize() {
        var ring = PaneRing<Int>(paneMillis: 10, capacity: 4)
        for pane in Int64(0)..<6 { ring.update(pane: pane) { $0 = Int(pane) + 1 } }
        var grown = ring
        grown.resize(capacity: 8)
        var shrunk = ring
        shrunk.resize(capacity: 2)
        #expect((2...5).map { grown.value(pane: Int64($0)) } == [3, 4, 5, 6])
        #expect(grown.capacity == 8 && grown.newestPane == 5)
        #expect((4...5).map { shrunk.value(pane: Int64($0)) } == [5, 6])
        #expect(shrunk.value(pane: 3) == 0)
        #expect(grown.sum(from: 0, to: 60) == ring.sum(from: 0, to: 60))
    }

    @Test("A resized distinct counter counts the keys last seen within its new span, as one built that way would")
    func distinctCounterResize() {
        var counter = DistinctCounter(paneMillis: 10, capacity: 6)
        var reference = DistinctCounter(paneMillis: 10, capacity: 3)
        for (key, time) in [(1, 0), (2, 15), (3, 25), (1, 31), (4, 42), (2, 55)] as [(UInt64, Int64)] {
            counter.observe(key, at: time)
            reference.observe(key, at: time)
        }
        counter.resize(capacity: 3)
        #expect(counter.distinct(from: 0, to: 60) == reference.distinct(from: 0, to: 60))
        #expect(counter.distinct(from: 30, to: 60) == 3)
    }

    @Test("rules_version and shadow come last in an alert's JSON, and only when set")
    func alertFields() throws {
        let alert = try #require(EngineRun.scenario(.reverseBrushing).alerts.first)
        #expect(!alert.jsonLine().contains("rules_version") && !alert.jsonLine().contains("\"shadow\""))
        var tagged = alert
        tagged.rulesVersion = Rules.version(ofFile: "order_burst:\n  min_orders: 40\n")
        tagged.shadow = true
        let line = tagged.jsonLine()
        #expect(line.hasPrefix(String(alert.jsonLine().dropLast())))
        #expect(line.hasSuffix(",\"rules_version\":\"\(tagged.rulesVersion!)\",\"shadow\":true}"))
        #expect(tagged.rulesVersion!.hasPrefix("sha256:") && tagged.rulesVersion!.count == 23)
    }
}
