import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

@Suite("Detection on simulated scenarios")
struct ScenarioDetectionTests {
    @Test("The seed case raises order_burst for the victim before 10% of its burst, then reverse_brushing")
    func seedCase() throws {
        let (simulation, alerts) = EngineRun.scenario(.reverseBrushing)
        let truth = try #require(simulation.truth.first { $0.scenario == .reverseBrushing })
        let victim = try #require(truth.subjectShopIDs.first)
        let attackOrders = Set(truth.attackOrderIDs)
        let attackTimes = simulation.events.filter { $0.type == .order && attackOrders.contains($0.orderID ?? "") }
            .map(\.timestamp).sorted()
        let tenPercent = attackTimes[attackTimes.count / 10]

        let burst = try #require(
            alerts.first { $0.rule == "order_burst" && $0.subject.id == victim && $0.severity >= .high },
            "no high order_burst for \(victim)")
        #expect(
            burst.eventTime <= tenPercent, "alerted at \(burst.eventTime), 10% of the burst was in by \(tenPercent)")
        #expect(burst.status == .open)

        let reverse = try #require(alerts.first { $0.rule == "reverse_brushing" && $0.subject.id == victim })
        #expect(reverse.severity == .critical)
        #expect((reverse.metric("refunded_orders") ?? 0) >= 0.9 * Double(attackOrders.count))
        #expect(!reverse.evidenceOrderIDs.isEmpty && reverse.evidenceOrderIDs.count <= 100)
        #expect(reverse.evidenceOrderIDs.allSatisfy { attackOrders.contains($0) })
        #expect(reverse.summary.contains(victim))

        // One incident per (rule, subject): every alert about the victim's burst shares its alert_id.
        let burstIDs = Set(
            alerts.filter { $0.rule == "order_burst" && $0.subject.id == victim && $0.eventTime >= truth.start }.map(
                \.alertID))
        #expect(burstIDs.count == 1)
        // No reverse brushing is claimed for any other shop.
        #expect(alerts.filter { $0.rule == "reverse_brushing" }.allSatisfy { $0.subject.id == victim })
    }

    @Test(
        "Benign surges raise neither reverse_brushing nor a high or critical order_burst",
        arguments: [ScenarioName.flashSale, .viralNewShop, .background])
    func benign(_ scenario: ScenarioName) {
        let (_, alerts) = EngineRun.scenario(scenario)
        let loud = alerts.filter { $0.rule == "reverse_brushing" || ($0.rule == "order_burst" && $0.severity >= .high) }
        #expect(loud.isEmpty, "\(loud.map { "\($0.rule) \($0.severity) \($0.subject.id): \($0.summary)" })")
    }

    @Test("Alerts never storm: each incident emits a handful of alerts, not one per event")
    func noStorm() {
        let (_, alerts) = EngineRun.scenario(.reverseBrushing)
        let perIncident = Dictionary(grouping: alerts, by: \.alertID).mapValues(\.count)
        #expect(perIncident.values.allSatisfy { $0 <= 12 }, "\(perIncident.filter { $0.value > 12 })")
        #expect(alerts.allSatisfy { $0.evidenceOrderIDs.count <= 100 && $0.evidenceBuyerIDs.count <= 100 })
    }

    @Test("Replaying the same events twice gives byte-identical alerts")
    func deterministic() {
        let simulation = SimulationCache.shared.simulation(.reverseBrushing, seed: 1)
        let first = EngineRun.alerts(simulation.events).alerts.map { $0.jsonLine() }
        let second = EngineRun.alerts(simulation.events, advanceEvery: 17).alerts.map { $0.jsonLine() }
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test("Out-of-order input within the lateness gives the same alerts as sorted input")
    func outOfOrder() {
        let simulation = SimulationCache.shared.simulation(.reverseBrushing, seed: 1)
        var shuffled = simulation.events
        // Shuffle within blocks spanning well under the 2-minute lateness.
        var generator = SplitMix(seed: 7)
        var start = 0
        while start < shuffled.count {
            var end = start
            while end < shuffled.count && shuffled[end].timestamp - shuffled[start].timestamp < 60_000 { end += 1 }
            shuffled[start..<end].shuffle(using: &generator)
            start = max(end, start + 1)
        }
        let sorted = EngineRun.alerts(simulation.events)
        let mixed = EngineRun.alerts(shuffled)
        #expect(mixed.statistics.late == 0)
        #expect(sorted.alerts.map { $0.jsonLine() } == mixed.alerts.map { $0.jsonLine() })
    }
}

/// A small seeded generator for shuffles in tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }
}
