import BrushfireCore
import BrushfireRuntime
import BrushfireSimulator
import BrushfireTestKit
import Foundation
import Testing

/// The chart of a `reverse_brushing` incident shows the burst it began with, even when the refunds, and so the
/// incident, come after the engine's day of minute history has let the burst go.
@Suite("Incident charts that outlive the engine's minute history")
struct IncidentChartTests {
    /// The seed scenario with its fake orders' refunds held back by `delay`, the log sorted by event time again.
    static func seedWithLateRefunds(delay: Int64) throws -> (events: [Event], victim: String, attack: Set<String>) {
        let simulation = SimulationCache.shared.simulation(.reverseBrushing, seed: 1)
        let truth = try #require(simulation.truth.first)
        let victim = try #require(truth.subjectShopIDs.first)
        let attack = Set(truth.attackOrderIDs)
        var events = simulation.events
        for index in events.indices where events[index].type == .refund {
            if attack.contains(events[index].orderID ?? "") { events[index].timestamp += delay }
        }
        events = events.enumerated().sorted {
            ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset)
        }.map(\.element)
        return (events, victim, attack)
    }

    @Test func aReverseBrushingIncidentADayAndAHalfAfterItsBurstChartsTheBurst() async throws {
        let delay: Int64 = 36 * 3_600_000
        let (events, victim, attack) = try Self.seedWithLateRefunds(delay: delay)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("events.jsonl")
        try (events.map { $0.jsonLine() }.joined(separator: "\n") + "\n").write(
            to: input, atomically: true, encoding: .utf8)

        let collector = ReportCollector()
        var runner = ReplayRunner(engine: Engine(), sinks: [])
        runner.observe = collector.observe
        _ = try await runner.run(inputs: [input.path])
        collector.finish(runner.engine)

        let incidents = collector.log.incidents.filter { $0.subject.id == victim }
        let reverse = try #require(incidents.first { $0.rule == "reverse_brushing" }, "no reverse_brushing incident")
        let attackOrders = events.filter { $0.type == .order && attack.contains($0.orderID ?? "") }
        let burstStart = try #require(attackOrders.map(\.timestamp).min()) / 60_000
        let burstEnd = try #require(attackOrders.map(\.timestamp).max()) / 60_000
        // The incident opened after the engine's minute history had dropped the burst...
        let history = try #require(runner.engine.minuteHistory(shop: victim))
        #expect(reverse.openedAt - burstEnd * 60_000 > MinuteHistory.horizonMinutes * 60_000)
        #expect(history.minutes(from: burstStart * 60_000, to: (burstEnd + 1) * 60_000).isEmpty)
        // ...and still charts it, from the minutes the shop's order_burst incident kept.
        let charted = reverse.minutes.filter { (burstStart...burstEnd).contains($0.minute) }
        let chartedOrders = charted.reduce(0) { $0 + Int($1.orders) }
        #expect(chartedOrders >= attackOrders.count, "the chart holds \(chartedOrders) of the burst's orders")
        // Nothing borrowed from before the chart's span, and the minutes stay in order.
        let start = reverse.chartSpan().start / 60_000
        #expect(reverse.minutes.allSatisfy { $0.minute >= start })
        #expect(reverse.minutes.map(\.minute) == reverse.minutes.map(\.minute).sorted())
        let refunds = reverse.minutes.reduce(0) { $0 + Int($1.refunds) }
        #expect(refunds >= attack.count * 9 / 10, "the chart holds \(refunds) refunds")
    }
}
