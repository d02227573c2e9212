import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// The live page and the incident report rendered by headless Chromium: the expected incidents and chart
/// elements are drawn, no script fails, and no raw personal data shows. Screenshots land in
/// `.build-test-artifacts/`.
@Suite("The live page and the report in headless Chromium", .enabled(if: Chromium.available))
struct AdminPageTests {
    /// Every raw phone, address and receiver name in the seed events: none may appear on a page.
    static let personalData: [String] = {
        var values = Set<String>()
        for event in DaemonSeed.events {
            guard let receiver = event.receiver else { continue }
            for value in [receiver.phone, receiver.address, receiver.name] {
                if let value, value.utf8.count >= 6 { values.insert(value) }
            }
        }
        return values.sorted()
    }()

    @Test func theLivePageShowsTheSeedIncidentsWithTheirChartAndNoScriptErrors() async throws {
        let kafka = try KafkaHarness()
        let daemon = try await AdminDaemon.start(kafka)
        _ = try await daemon.waitUntil(
            { $0.text.contains("\"reverse_brushing\"") }, path: "/v1/incidents?status=all")

        let rendering = try Chromium.dumpDOM(daemon.base + "/")
        #expect(rendering.consoleErrors.isEmpty, "\(rendering.consoleErrors)")
        #expect(!rendering.dom.contains("class=\"brf-error\""), "script errors listed on the page")
        #expect(rendering.dom.contains("data-polls="), "the page never finished a poll")
        #expect(rendering.dom.contains("incident-row"))
        #expect(rendering.dom.contains("order_burst") && rendering.dom.contains("reverse_brushing"))
        #expect(rendering.dom.contains("class=\"brf-orders\"") && rendering.dom.contains("class=\"brf-refunds\""))
        #expect(rendering.dom.contains("brf-moment brf-moment-open"))
        #expect(rendering.dom.contains("shop-row"))
        for value in Self.personalData { #expect(!rendering.dom.contains(value), "raw personal data on the page") }

        let file = Chromium.artifacts.appendingPathComponent("live-page.png")
        try Chromium.screenshot(daemon.base + "/", to: file, width: 1400, height: 1000)
        #expect(((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) > 10_000)
        try await daemon.running.stop()
    }

    @Test func theReplayReportHasOneSectionPerIncidentWithItsChartAndEvidence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("events.jsonl")
        try (DaemonSeed.lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)

        let collector = ReportCollector()
        var runner = ReplayRunner(engine: Engine(), sinks: [])
        runner.observe = collector.observe
        _ = try await runner.run(inputs: [input.path])
        collector.finish(runner.engine)
        let incidents = collector.log.incidents
        #expect(Set(incidents.flatMap { $0.alerts.map { $0.jsonLine() } }) == Set(DaemonSeed.replayAlerts))
        let path = directory.appendingPathComponent("report.html")
        try collector.report(source: "seed events").write(to: path.path)

        let html = try String(contentsOf: path, encoding: .utf8)
        for remote in ["src=", "<link", "href=\"http", "@import", "url("] {
            #expect(!html.contains(remote), "the report must fetch nothing, but it has \(remote)")
        }
        for incident in incidents {
            #expect(html.contains("<section class=\"incident panel\" id=\"\(incident.alertID)\">"))
            for order in incident.latest.evidenceOrderIDs.prefix(3) { #expect(html.contains(order)) }
            for buyer in incident.latest.evidenceBuyerIDs.prefix(3) { #expect(html.contains(buyer)) }
        }
        for value in Self.personalData { #expect(!html.contains(value), "raw personal data in the report") }

        let rendering = try Chromium.dumpDOM(path.absoluteString, budget: 3000)
        #expect(rendering.consoleErrors.isEmpty, "\(rendering.consoleErrors)")
        #expect(!rendering.dom.contains("class=\"brf-error\""))
        #expect(rendering.dom.contains("data-charts-drawn=\"\(incidents.count)\""))
        let shopIncidents = incidents.filter { $0.subject.kind == .shop }.count
        #expect(rendering.dom.components(separatedBy: "class=\"brf-orders\"").count - 1 == shopIncidents)
        #expect(rendering.dom.contains("brf-moment brf-moment-resolved"))

        let file = Chromium.artifacts.appendingPathComponent("report.png")
        try Chromium.screenshot(path.absoluteString, to: file, width: 1280, height: 1600, budget: 3000)
        #expect(((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) > 10_000)
    }
}
