import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

/// Real traffic no one here wrote: 28,010 Tmall orders of February 2020 (the month trade resumed after the
/// lockdown, so the shop's volume climbs steeply) with their refunds. Honest traffic must not look like an
/// attack on the shop.
@Suite("Real Tmall traffic raises no attack alert")
struct RealDataFalseAlarmTests {
    @Test(.enabled(if: TmallFixture.isAvailable, "\(TmallFixture.missing)"))
    func tmallReportIsQuiet() throws {
        let events = try TmallConverter.convert(csv: TmallFixture.text!, seed: 1)
        let run = EngineRun.alerts(events)
        // Everything but the first events after a two-day gap in the data (15 → 17 February) is processed.
        let refused = run.statistics.tooFarAhead + run.statistics.late
        #expect(refused <= Rules.defaults.engine.forwardJumpConfirmations, "refused \(refused)")
        #expect(run.statistics.processed == events.count - refused)
        #expect(!run.alerts.contains { $0.rule == "reverse_brushing" })
        #expect(run.alerts.allSatisfy { $0.severity < .high }, "\(run.alerts.map(\.summary))")
        // A ramp of honest demand may be worth a low note, never a storm of alerts.
        #expect(Set(run.alerts.map(\.alertID)).count <= 15)
    }
}
