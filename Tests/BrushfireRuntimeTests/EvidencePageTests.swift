import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireTestKit
import Foundation
import Testing

/// The evidence pack in headless Chromium, and served by the daemon's admin server: the charts are drawn from the
/// numbers in the pack, the Chinese text renders, and the daemon serves what replay writes.
@Suite("The evidence pack in headless Chromium and from the daemon", .serialized)
struct EvidencePageTests {
    @Test(.enabled(if: Chromium.available))
    func theSeedPackRendersItsChartsAndNumbers() async throws {
        let (collector, _) = try await SeedReplay.shared.get()
        let pack = try #require(
            collector.packAlertIDs.compactMap { collector.pack($0) }.first { $0.rule == "reverse_brushing" })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-pack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try collector.archive.write(to: directory.path)
        let page = directory.appendingPathComponent("\(pack.alertID).html")

        let rendering = try Chromium.dumpDOM(page.absoluteString, budget: 2000)
        #expect(rendering.consoleErrors.isEmpty, "\(rendering.consoleErrors)")
        let dom = rendering.dom
        // Both charts, each with orders, refunds and the baseline drawn as paths with one point per minute.
        for id in ["chart-span", "chart-burst"] {
            let chart = try #require(Self.element("svg", id: id, in: dom), "no \(id)")
            let minutes = (pack.chart.end - pack.chart.start) / 60_000
            for path in ["brf-orders", "brf-refunds", "brf-expected"] {
                let d = try #require(Self.attribute("d", ofPathWithClass: path, in: chart), "\(id) has no \(path)")
                let points = d.filter { $0 == "L" }.count + 1
                if id == "chart-span" { #expect(Int64(points) == minutes, "\(path) in \(id)") }
                #expect(points > 2)
            }
            let peak = id == "chart-span" ? pack.chart : try #require(pack.burstChart)
            let top = peak.minutes.map { max($0[1], $0[2]) }.max() ?? 0
            #expect(chart.contains("data-peak=\"\(top)\""), "\(id) is not scaled to its busiest minute \(top)")
        }
        #expect(dom.contains("data-figure=\"orders\">\(pack.burst.orders)<"))
        #expect(dom.components(separatedBy: "<tr class=\"order\">").count - 1 == pack.orders.count)
        #expect(dom.contains("反向刷单攻击的目标") && dom.contains("target of a reverse-brushing attack"))
        #expect(dom.contains("data-rule=\"order_burst\"") && dom.contains("data-rule=\"reverse_brushing\""))
        let leaked = EvidencePackTests.occurrences(of: EvidencePackTests.personalData, in: dom)
        #expect(leaked.isEmpty, "raw personal data on the page: \(leaked.sorted().prefix(5))")

        let file = Chromium.artifacts.appendingPathComponent("evidence-pack.png")
        try Chromium.screenshot(page.absoluteString, to: file, width: 1280, height: 1800, budget: 2000)
        #expect(((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0) > 10_000)
    }

    @Test func theDaemonServesThePacksReplayWritesBehindItsToken() async throws {
        // A daemon's stream goes on: it processes up to its watermark, as a replay that does not finish does.
        let (collector, _) = try await EvidencePackTests.replay(finish: false)
        let kafka = try KafkaHarness()
        let daemon = try await AdminDaemon.start(kafka, token: "s3cret")
        let ids = collector.packAlertIDs
        let last = try #require(ids.last)
        let served = try await daemon.waitUntil(
            { $0.status == 200 }, path: "/v1/incidents/\(last)/evidence.json", token: "s3cret")
        #expect(served.status == 200)
        // Once every event is in, each pack is the replay's, byte for byte.
        #expect(await daemon.running.wait(until: { $0.consumed >= DaemonSeed.events.count }))
        for id in ids {
            let json = try await daemon.waitUntil(
                { $0.body == (try? collector.pack(id)?.json()) }, path: "/v1/incidents/\(id)/evidence.json",
                token: "s3cret")
            #expect(json.contentType?.hasPrefix("application/json") == true)
            #expect(json.body == (try collector.pack(id)?.json()), "the daemon's pack of \(id) differs from replay's")
            let html = try await HTTP.get(daemon.base + "/v1/incidents/\(id)/evidence", token: "s3cret")
            #expect(html.status == 200 && html.contentType?.hasPrefix("text/html") == true)
            #expect(html.text == collector.pack(id)?.html())
        }
        #expect(try await HTTP.get(daemon.base + "/v1/incidents/\(last)/evidence").status == 401)
        let unknown = try await HTTP.get(daemon.base + "/v1/incidents/brf-0000000000000000/evidence", token: "s3cret")
        #expect(unknown.status == 404)
        try await daemon.running.stop()
    }

    @Test func packsOfResolvedIncidentsAreStoredAndOutliveARestart() async throws {
        let (collector, _) = try await EvidencePackTests.replay(finish: false)
        let resolved = Set(
            collector.archive.shops.values.flatMap { shop in
                shop.incidents.filter { $0.severity >= .high && !$0.isOpen }.map(\.alertID)
            })
        try #require(!resolved.isEmpty, "the seed has no high incident that resolves before its end")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("brf-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let kafka = try KafkaHarness()
        let group = KafkaHarness.uniqueName("g")
        let first = try await AdminDaemon.start(kafka, token: "s3cret", group: group, state: state.path)
        #expect(await first.running.wait(until: { $0.consumed >= DaemonSeed.events.count }))
        let store = state.appendingPathComponent("evidence")
        func stored() -> Set<String> {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? []
            return Set(names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) })
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while !resolved.isSubset(of: stored()), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await first.running.stop()
        // Every high incident that resolved has its pack on disk, both files; nothing that is not a pack is there.
        let ids = stored()
        #expect(resolved.isSubset(of: ids), "missing: \(resolved.subtracting(ids).sorted())")
        #expect(ids.isSubset(of: Set(collector.packAlertIDs)))
        for id in ids {
            let json = try Data(contentsOf: store.appendingPathComponent("\(id).json"))
            let pack = try JSONDecoder().decode(EvidencePack.self, from: json)
            #expect(pack.alertID == id)
            let html = try String(contentsOf: store.appendingPathComponent("\(id).html"), encoding: .utf8)
            #expect(html.contains(id))
        }

        // Restarted on the same state, the daemon has the events behind its checkpoint: it serves the stored packs.
        let second = try await AdminDaemon.start(
            kafka, token: "s3cret", topic: first.topic, group: group, state: state.path)
        for id in ids {
            let json = try await second.waitUntil(
                { $0.status == 200 }, path: "/v1/incidents/\(id)/evidence.json", token: "s3cret")
            #expect(json.status == 200)
            #expect(json.body == (try Data(contentsOf: store.appendingPathComponent("\(id).json"))))
            let html = try await HTTP.get(second.base + "/v1/incidents/\(id)/evidence", token: "s3cret")
            #expect(html.status == 200)
            #expect(html.text == (try String(contentsOf: store.appendingPathComponent("\(id).html"), encoding: .utf8)))
        }
        #expect(
            try await HTTP.get(second.base + "/v1/incidents/..%2Fstate/evidence.json", token: "s3cret").status == 404)
        try await second.running.stop()
    }

    /// The markup of the first `<name … id="id"…>…</name>` in `dom`.
    static func element(_ name: String, id: String, in dom: String) -> String? {
        guard let open = dom.range(of: "id=\"\(id)\"") else { return nil }
        let start = dom[..<open.lowerBound].range(of: "<\(name)", options: .backwards)?.lowerBound ?? open.lowerBound
        guard let end = dom[open.upperBound...].range(of: "</\(name)>") else { return nil }
        return String(dom[start..<end.upperBound])
    }

    static func attribute(_ attribute: String, ofPathWithClass name: String, in markup: String) -> String? {
        guard let tag = markup.range(of: "class=\"\(name)\"") else { return nil }
        let start = markup[..<tag.lowerBound].range(of: "<path", options: .backwards)?.lowerBound ?? tag.lowerBound
        let end = markup[tag.upperBound...].range(of: ">")?.lowerBound ?? markup.endIndex
        let element = markup[start..<end]
        guard let value = element.range(of: "\(attribute)=\"") else { return nil }
        guard let close = element[value.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(element[value.upperBound..<close])
    }
}
