import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

@Suite("Ring detectors on simulated scenarios")
struct RingDetectionTests {
    static let ringRules: Set<String> = ["fingerprint_ring", "refund_abuse", "review_bombing", "retaliation"]

    /// Every alert of `rule`, and the truth of the scenario's one story.
    func run(_ scenario: ScenarioName, _ rule: String) throws -> (truth: ScenarioTruth, alerts: [Alert], all: [Alert]) {
        let (simulation, alerts) = EngineRun.scenario(scenario)
        let truth = try #require(simulation.truth.first)
        return (truth, alerts.filter { $0.rule == rule }, alerts)
    }

    @Test("extortion-ring: fingerprint_ring on a shared phone or door, high or critical, citing only the ring")
    func extortionRing() throws {
        let (truth, alerts, _) = try run(.extortionRing, "fingerprint_ring")
        let opened = try #require(alerts.first { $0.status == .open }, "no fingerprint_ring alert")
        #expect([AlertSubject.Kind.phone, .address].contains(opened.subject.kind))
        #expect(opened.subject.id.hasPrefix(opened.subject.kind == .phone ? "phone:k0:" : "address:k0:"))
        #expect(opened.subject.display != nil)
        let attackBuyers = Set(truth.attackBuyerIDs)
        let attackOrders = Set(truth.attackOrderIDs)
        for alert in alerts {
            #expect(!alert.evidenceOrderIDs.isEmpty && alert.evidenceOrderIDs.count <= 100)
            #expect(alert.evidenceOrderIDs.allSatisfy(attackOrders.contains), "\(alert.evidenceOrderIDs)")
            #expect(alert.evidenceBuyerIDs.allSatisfy(attackBuyers.contains), "\(alert.evidenceBuyerIDs)")
        }
        let largest = try #require(
            alerts.max { ($0.metric("linked_accounts") ?? 0) < ($1.metric("linked_accounts") ?? 0) })
        #expect(largest.severity >= .high)
        #expect((largest.metric("linked_accounts") ?? 0) >= 20)
        #expect((largest.metric("shops_hit") ?? 0) >= 20)
        #expect((largest.metric("extortion_complaints") ?? 0) >= 2)
        // One ring is reported as a few incidents at most, not one per phone, address and account.
        #expect(Set(alerts.map(\.alertID)).count <= 3, "\(alerts.map { "\($0.subject.id) \($0.summary)" })")
    }

    @Test("refund-ring: refund_abuse for the linked accounts, citing only the ring's refunded orders")
    func refundRing() throws {
        let (truth, alerts, _) = try run(.refundRing, "refund_abuse")
        let opened = try #require(alerts.first { $0.status == .open }, "no refund_abuse alert")
        #expect(opened.summary.contains("refunds"))
        let attackBuyers = Set(truth.attackBuyerIDs)
        let attackOrders = Set(truth.attackOrderIDs)
        for alert in alerts {
            #expect(!alert.evidenceOrderIDs.isEmpty)
            #expect(alert.evidenceOrderIDs.allSatisfy(attackOrders.contains))
            #expect(alert.evidenceBuyerIDs.allSatisfy(attackBuyers.contains))
        }
        let largest = try #require(
            alerts.max { ($0.metric("refunded_orders") ?? 0) < ($1.metric("refunded_orders") ?? 0) })
        #expect(largest.severity >= .high)
        #expect((largest.metric("refunded_orders") ?? 0) >= 200)
        #expect((largest.metric("linked_accounts") ?? 0) >= 20)
        #expect(Set(alerts.map(\.alertID)).count <= 2, "\(alerts.map { "\($0.subject.id) \($0.summary)" })")
    }

    @Test("review-bombing: review_bombing on the target shop during the burst, citing the bombers")
    func reviewBombing() throws {
        let (truth, alerts, _) = try run(.reviewBombing, "review_bombing")
        let target = try #require(truth.subjectShopIDs.first)
        let opened = try #require(alerts.first { $0.status == .open }, "no review_bombing alert")
        #expect(alerts.allSatisfy { $0.subject.id == target })
        #expect(opened.eventTime <= truth.end)
        #expect(opened.severity >= .medium)
        let attackBuyers = Set(truth.attackBuyerIDs)
        let last = try #require(alerts.last { $0.status != .resolved } ?? alerts.last)
        let cited = last.evidenceBuyerIDs.filter(attackBuyers.contains).count
        #expect(cited >= 20 && Double(cited) >= 0.9 * Double(last.evidenceBuyerIDs.count))
        #expect((last.metric("suspicious_share") ?? 0) >= 0.6)
    }

    @Test("retaliation: retaliation on the shop whose reviewers complain of harassment, naming them")
    func retaliation() throws {
        let (truth, alerts, _) = try run(.retaliation, "retaliation")
        let shop = try #require(truth.subjectShopIDs.first)
        let opened = try #require(alerts.first { $0.status == .open }, "no retaliation alert")
        #expect(alerts.allSatisfy { $0.subject.id == shop })
        #expect(opened.evidenceBuyerIDs.count >= 3)
        let victims = Set(truth.attackBuyerIDs)
        let largest = try #require(
            alerts.max { ($0.metric("reviewers_complaining") ?? 0) < ($1.metric("reviewers_complaining") ?? 0) })
        #expect(largest.evidenceBuyerIDs.allSatisfy(victims.contains))
        // Alerts go out when the incident opens (3 victims) and when it doubles or turns high (6), not for each one.
        #expect((largest.metric("reviewers_complaining") ?? 0) >= 6)
        #expect(largest.severity >= .high)
    }

    @Test(
        "Honest sharing and ordinary traffic raise no ring alert",
        arguments: [ScenarioName.sharedDorm, .background, .flashSale, .viralNewShop, .reverseBrushing])
    func benign(_ scenario: ScenarioName) {
        let (_, alerts) = EngineRun.scenario(scenario)
        let rings = alerts.filter { Self.ringRules.contains($0.rule) }
        #expect(rings.isEmpty, "\(rings.map { "\($0.rule) \($0.severity) \($0.subject.id): \($0.summary)" })")
    }

    @Test(
        "Out-of-order input within the lateness gives the ring alerts of sorted input",
        arguments: [ScenarioName.extortionRing, .reviewBombing, .retaliation])
    func outOfOrder(_ scenario: ScenarioName) {
        let simulation = SimulationCache.shared.simulation(scenario, seed: 1)
        var shuffled = simulation.events
        var generator = SplitMix(seed: 11)
        var start = 0
        while start < shuffled.count {
            var end = start
            while end < shuffled.count && shuffled[end].timestamp - shuffled[start].timestamp < 60_000 { end += 1 }
            shuffled[start..<end].shuffle(using: &generator)
            start = max(end, start + 1)
        }
        let sorted = EngineRun.alerts(simulation.events)
        let mixed = EngineRun.alerts(shuffled, advanceEvery: 97)
        #expect(mixed.statistics.late == 0)
        #expect(sorted.alerts.contains { Self.ringRules.contains($0.rule) })
        #expect(sorted.alerts.map { $0.jsonLine() } == mixed.alerts.map { $0.jsonLine() })
    }
}
