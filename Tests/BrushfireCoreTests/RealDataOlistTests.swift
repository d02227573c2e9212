import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

/// Real marketplace traffic no one here wrote: two years of Olist orders (a 31 % sample: 2,353 sellers, returning
/// customers, cancellations, 1-star reviews, a Black-Friday surge), with no known attack in it. Honest traffic must
/// not be refused and must raise nothing above `low`.
@Suite("Real Olist traffic is accepted and raises nothing above low")
struct RealDataOlistTests {
    /// The whole conversion replayed once through the one pipeline, as `brushfire replay` would.
    static let replay = Result { () throws(OlistConversionError) in
        let events = try OlistFixture.conversion.get().events
        let run = EngineRun.lines(events.map { $0.jsonLine() })
        return (events: events.count, output: run.output, statistics: run.statistics)
    }

    @Test(
        "Every event is accepted and processed: none invalid, late, too far ahead or a duplicate",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func nothingRefused() throws {
        let replay = try Self.replay.get()
        let reasons = Dictionary(grouping: replay.output.rejections, by: \.reason).mapValues(\.count)
        #expect(replay.output.rejections.isEmpty, "refused: \(reasons)")
        #expect(replay.statistics.late == 0 && replay.statistics.tooFarAhead == 0)
        #expect(replay.statistics.duplicates == 0)
        #expect(replay.output.accepted == replay.events)
        #expect(replay.statistics.processed == replay.events)
    }

    @Test(
        "No alert above low",
        .enabled(if: OlistFixture.isAvailable, "\(OlistFixture.missing)"))
    func nothingAboveLow() throws {
        let alerts = try Self.replay.get().output.alerts
        let loud = alerts.filter { $0.severity > .low }
        #expect(loud.isEmpty, "\(loud.map { "[\($0.severity)] \($0.rule) \($0.subject.id): \($0.summary)" })")
    }
}
