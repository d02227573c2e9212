import BrushfireSimulator
import BrushfireTestKit
import Testing

@testable import BrushfireCore

/// The attack classes that hide from the first detectors, and the honest look-alikes that must stay quiet; each
/// scenario plants its story on ordinary background traffic (`brushfire simulate --scenario …`).
@Suite("Detection of hidden attacks and quiet look-alikes")
struct DetectionV2Tests {
    /// The attack orders' times, sorted, and the time by which `fraction` of them had been placed.
    private static func orderTimes(_ simulation: Simulation, _ truth: ScenarioTruth) -> [Int64] {
        let attack = Set(truth.attackOrderIDs)
        return simulation.events.filter { $0.type == .order && attack.contains($0.orderID ?? "") }.map(\.timestamp)
            .sorted()
    }

    @Test("Brushing of one cheap item inside an honest promotion is high before 10% of its orders, naming the item")
    func promotionBrushing() throws {
        let (simulation, alerts) = EngineRun.scenario(.promotionBrushing)
        let truth = try #require(simulation.truth.first)
        let victim = try #require(truth.subjectShopIDs.first)
        let times = Self.orderTimes(simulation, truth)
        let item = try #require(
            simulation.events.first { $0.orderID == truth.attackOrderIDs.first && $0.type == .order }?.itemID)
        let high = try #require(
            alerts.first { $0.rule == "order_burst" && $0.subject.id == victim && $0.severity >= .high },
            "no high order_burst for \(victim)")
        #expect(high.eventTime <= times[times.count / 10])
        #expect(high.summary.contains("for item \(item)"), "\(high.summary)")
        #expect((high.metric("item_orders") ?? 0) >= 30)
        #expect((high.metric("item_vague_share") ?? 0) > (high.metric("vague_share") ?? 1))
    }

    @Test("A slow drip at three times the shop's rate is high within its first 150 orders")
    func slowDrip() throws {
        let (simulation, alerts) = EngineRun.scenario(.slowDrip)
        let truth = try #require(simulation.truth.first)
        let victim = try #require(truth.subjectShopIDs.first)
        let times = Self.orderTimes(simulation, truth)
        let high = try #require(
            alerts.first { $0.rule == "order_burst" && $0.subject.id == victim && $0.severity >= .high },
            "no high order_burst for \(victim)")
        #expect(
            high.eventTime <= times[min(150, times.count - 1)],
            "alerted after \(times.filter { $0 < high.eventTime }.count) orders")
        // One incident for the drip, not one per window.
        #expect(Set(alerts.filter { $0.rule == "order_burst" && $0.subject.id == victim }.map(\.alertID)).count == 1)
    }

    @Test("Brushing to complete addresses is high from who orders and where to, then reverse_brushing")
    func cleanBrushing() throws {
        let (simulation, alerts) = EngineRun.scenario(.cleanBrushing)
        let truth = try #require(simulation.truth.first)
        let victim = try #require(truth.subjectShopIDs.first)
        let times = Self.orderTimes(simulation, truth)
        let high = try #require(
            alerts.first { $0.rule == "order_burst" && $0.subject.id == victim && $0.severity >= .high })
        #expect(high.eventTime <= times[times.count / 10])
        #expect((high.metric("vague_share") ?? 1) < 0.2, "the addresses are complete, yet: \(high.summary)")
        #expect(alerts.contains { $0.rule == "reverse_brushing" && $0.subject.id == victim })
        #expect(Set(alerts.filter { $0.rule == "order_burst" && $0.subject.id == victim }.map(\.alertID)).count == 1)
    }

    @Test("Sixty 1-star reviews in two hours from aged, unlinked accounts raise review_bombing")
    func agedReviewBombing() throws {
        let (simulation, alerts) = EngineRun.scenario(.agedReviewBombing)
        let truth = try #require(simulation.truth.first)
        let shop = try #require(truth.subjectShopIDs.first)
        let alert = try #require(alerts.first { $0.rule == "review_bombing" && $0.subject.id == shop })
        #expect(alert.severity >= .medium)
        #expect(alert.eventTime <= truth.end)
        #expect((alert.metric("suspicious_share") ?? 1) < 0.3)
        #expect(alerts.filter { $0.rule == "review_bombing" }.allSatisfy { $0.subject.id == shop })
    }

    @Test("A slow gang that leaves a few hits on each of many phones and doors is a ring within a day")
    func slowGang() throws {
        var options = SimulationOptions()
        options.ordersPerDay = 8_000
        let simulation = Simulator.run(.slowGang, options: options)
        let alerts = EngineRun.alerts(simulation.events).alerts
        let truth = try #require(simulation.truth.first)
        let attack = Set(truth.attackOrderIDs)
        let rings = alerts.filter { $0.rule == "fingerprint_ring" }
        let first = try #require(rings.first, "no fingerprint_ring")
        #expect(
            first.eventTime - truth.start <= 18 * 3_600_000, "found \((first.eventTime - truth.start) / 3_600_000) h in"
        )
        // No single phone or door had met the rule yet: the ring is the linked fingerprints taken together.
        #expect((first.metric("linked_phones") ?? 0) + (first.metric("linked_addresses") ?? 0) > 1)
        #expect(rings.contains { $0.severity >= .high && $0.eventTime - truth.start <= 24 * 3_600_000 })
        // Every order the rings cite is one of the gang's.
        for ring in rings {
            #expect(ring.evidenceOrderIDs.allSatisfy(attack.contains), "\(ring.alertID) cites honest orders")
        }
    }

    @Test(
        "Honest look-alikes raise nothing high: a livestream sale, a faulty batch, a flash sale, a viral shop",
        arguments: [ScenarioName.livestreamSale, .faultyBatch, .flashSale, .viralNewShop])
    func quiet(_ scenario: ScenarioName) {
        let (_, alerts) = EngineRun.scenario(scenario)
        let loud = alerts.filter { $0.severity >= .high }
        #expect(loud.isEmpty, "\(loud.map { "\($0.rule) \($0.severity) \($0.subject.id): \($0.summary)" })")
        if scenario == .faultyBatch {
            #expect(!alerts.contains { $0.rule == "review_bombing" })
        }
    }

    @Test("The livestream is still seen, as a medium burst of first-time buyers")
    func livestreamIsSeen() throws {
        let (simulation, alerts) = EngineRun.scenario(.livestreamSale)
        let shop = try #require(simulation.truth.first?.subjectShopIDs.first)
        let burst = alerts.filter { $0.rule == "order_burst" && $0.subject.id == shop }
        #expect(!burst.isEmpty)
        #expect(burst.allSatisfy { $0.severity == .medium })
        #expect(burst.allSatisfy { ($0.metric("new_buyer_share") ?? 0) > 0.5 })
    }
}

@Suite("order_burst severity")
struct OrderBurstSeverityTests {
    let burst = OrderBurstOperator(rules: Rules.defaults.orderBurst)

    @Test("First-time buyers alone make a burst medium, never high")
    func freshAlone() {
        #expect(burst.severity(vague: 0, fresh: 1, mismatch: 0, orders: 50) == .medium)
        #expect(burst.severity(vague: 0, fresh: 0.2, mismatch: 0, orders: 50) == .low)
    }

    @Test("Receiver evidence makes it high: strong on its own, or beside another strong indicator")
    func receivers() {
        #expect(burst.severity(vague: 0.8, fresh: 0, mismatch: 0, orders: 50) == .high)
        #expect(burst.severity(vague: 0, fresh: 0, mismatch: 0.75, orders: 50) == .high)
        #expect(burst.severity(vague: 0, fresh: 0.5, mismatch: 0.4, orders: 50) == .high)
        #expect(burst.severity(vague: 0.5, fresh: 0, mismatch: 0, orders: 50) == .medium)
        #expect(burst.severity(vague: 0, fresh: 0, mismatch: 0, orders: 400) == .medium)
    }
}
