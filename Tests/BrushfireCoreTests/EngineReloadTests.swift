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

@Suite("Rules reloaded in a running engine: the long windows' closed hours")
struct EngineReloadClosedHoursTests {
    /// One order every ten minutes at one shop from `start`, for `hours` hours, then the engine advanced.
    private func orders(_ engine: inout Engine, from start: Int64, hours: Int, first: Int = 0) {
        for index in 0..<(hours * 6) {
            let n = first + index
            let event = Event(
                eventID: "e\(n)", type: .order, timestamp: start + Int64(index) * 600_000, shopID: "shop",
                buyerID: "b\(n)", orderID: "o\(n)")
            _ = engine.ingest(event, source: 0)
            _ = engine.advance()
        }
    }

    private func rules(longHours: [Int64]) -> Rules {
        var rules = Rules.defaults
        rules.orderBurst.longWindows = longHours.map { $0 * 3_600_000 }
        return rules
    }

    @Test("Shorter long windows trim every shop's closed hours at the boundary; longer ones keep more from then on")
    func closedHoursFollowTheRules() throws {
        let start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00Z
        var engine = Engine()
        orders(&engine, from: start, hours: 10)
        let shop = try #require(engine.shopIndex["shop"])
        #expect(engine.shops[Int(shop)].windows.closedHours.capacity == 6)
        #expect(engine.shops[Int(shop)].windows.closedHours.hours.count == 6)

        try engine.stage(rules(longHours: [1, 2]), version: "short")
        orders(&engine, from: start + 10 * 3_600_000, hours: 1, first: 60)
        #expect(engine.shops[Int(shop)].windows.closedHours.capacity == 2)
        #expect(engine.shops[Int(shop)].windows.closedHours.hours.count == 2)
        let shortened = engine.takeRulesChanges()
        #expect(shortened.first?.notes.contains("order_burst: long windows keep 6 → 2 closed hours per shop") == true)

        try engine.stage(rules(longHours: [1, 12]), version: "long")
        orders(&engine, from: start + 11 * 3_600_000, hours: 5, first: 66)
        #expect(engine.shops[Int(shop)].windows.closedHours.capacity == 12)
        // Two kept through the short rules, and one more for each hour closed since.
        let held = engine.shops[Int(shop)].windows.closedHours.hours
        #expect(held.count == 7)
        #expect(held.map(\.hour) == Array((held[0].hour)...(held[0].hour + 6)))
        let lengthened = engine.takeRulesChanges()
        #expect(
            lengthened.first?.notes.contains(
                "order_burst: long windows keep 2 → 12 closed hours per shop (the longer ones fill as hours close)")
                == true)
    }
}
