import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireTestKit
import Foundation
import Logging
import Prometheus
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Log lines kept for a test to read: message and metadata.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func count(_ text: String) -> Int { all.filter { $0.contains(text) }.count }

    func logger(_ label: String) -> Logger {
        Logger(label: label) { _ in Handler(capture: self) }
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(fields)")
        }
    }
}

/// Polls `condition` every 50 ms for at most `timeout`; returns whether it came true.
private func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// The value of every Prometheus sample named `name` whose labels include all of `labels`, summed.
private func metric(_ text: String, _ name: String, _ labels: [String]) -> Double {
    text.split(separator: "\n").filter { line in
        line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) }
    }.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
}

/// Rules reloaded in the running daemon, and shadow rules beside the live ones. Serialized: one test sends SIGHUP to
/// the test process, which every running daemon with a rules file answers.
@Suite("The daemon's rules: reloaded on SIGHUP and POST, and shadowed", .serialized)
struct DaemonRulesTests {
    @Test("SIGHUP with a stricter file: the next alerts follow it, the open incident lives on; a bad file is refused")
    func reloadOnSIGHUP() async throws {
        let plain = EngineRun.lines(DaemonSeed.lines).output.alerts
        let burst = try #require(plain.first { $0.rule == "order_burst" && $0.status == .open })
        let reverse = try #require(plain.first { $0.rule == "reverse_brushing" })
        let cutTime = burst.eventTime + 300_000
        try #require(reverse.eventTime > cutTime + 600_000, "the seed's reverse brushing comes well after its burst")
        let cut = try #require(DaemonSeed.events.firstIndex { $0.timestamp > cutTime })

        let directory = try TemporaryDirectory("brushfire-reload")
        defer { directory.remove() }
        let rulesFile = directory.file("rules.yaml")
        try Rules.defaults.yaml().write(toFile: rulesFile, atomically: true, encoding: .utf8)
        let versionA = Rules.version(ofFile: Rules.defaults.yaml())

        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 2)
        let messages = DaemonSeed.messages(topic: topic)
        let sink = CollectingAlertSink()
        let log = LogCapture()
        let registry = PrometheusCollectorRegistry()
        var admin = AdminConfiguration(host: "127.0.0.1", port: 0, token: "secret")
        admin.publishInterval = .milliseconds(50)
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), sinks: [sink], admin: admin,
            metricsRegistry: registry, rules: nil, logger: log.logger("brushfire.daemon")
        ) { $0.rulesFile = rulesFile }
        _ = await eventually { daemon.daemon.admin?.port != nil }
        let base = "http://127.0.0.1:\(try #require(daemon.daemon.admin?.port))"

        try await kafka.produce(Array(messages[..<cut]))
        #expect(await eventually { sink.alerts.contains { $0.alertID == burst.alertID } })
        #expect(sink.alerts.allSatisfy { $0.rulesVersion == versionA })

        // A file `brushfire rules check` refuses: refused over HTTP with its errors, and on SIGHUP; logged.
        try "order_burst:\n  min_orders: -5\n  bogus: 1\n".write(toFile: rulesFile, atomically: true, encoding: .utf8)
        #expect(try await HTTP.post(base + "/v1/rules/reload").status == 401)
        let refused = try await HTTP.post(base + "/v1/rules/reload", token: "secret")
        #expect(refused.status == 422)
        let errors = try #require(try refused.json()["errors"] as? [String])
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.hasPrefix(rulesFile + ":line ") })
        kill(getpid(), SIGHUP)
        #expect(await eventually { log.count("Rules reload refused") >= 2 })
        #expect(log.all.contains { $0.contains("Rules reload refused") && $0.contains("trigger=SIGHUP") })
        let status = try await HTTP.get(base + "/v1/status", token: "secret").json()
        #expect(status["rules_version"] as? String == versionA)

        // A stricter file with a longer burst window, on SIGHUP.
        var stricter = Rules.defaults
        stricter.reverseBrushing.minRefunds = 1_000_000
        stricter.orderBurst.windows = [60_000, 300_000, 1_800_000]
        try stricter.yaml().write(toFile: rulesFile, atomically: true, encoding: .utf8)
        let versionB = Rules.version(ofFile: stricter.yaml())
        kill(getpid(), SIGHUP)
        #expect(await eventually { log.count("Rules reload accepted") == 1 })

        try await kafka.produce(Array(messages[cut...]))
        #expect(await eventually { daemon.statistics.consumed >= messages.count })
        #expect(
            try await eventually {
                try await HTTP.get(base + "/v1/status", token: "secret").json()["rules_version"] as? String == versionB
            })
        let metrics = try await HTTP.get(base + "/metrics", token: "secret").text
        try await daemon.stop()

        #expect(log.count("Rules in effect") == 1)
        #expect(log.all.contains { $0.contains("order_burst: longest window 15m → 30m") })
        #expect(metric(metrics, "brushfire_rules_info", ["rules=\"live\"", "version=\"\(versionB)\""]) == 1)
        #expect(metric(metrics, "brushfire_rules_info", ["version=\"\(versionA)\""]) == 0)
        #expect(metric(metrics, "brushfire_rules_reloads_total", ["result=\"refused\""]) == 2)
        #expect(metric(metrics, "brushfire_rules_reloads_total", ["result=\"staged\""]) == 1)
        // The next alerts follow the stricter rules: no reverse brushing, which the old rules raised.
        let alerts = sink.alerts
        #expect(!alerts.contains { $0.rule == "reverse_brushing" })
        let switched = try #require(alerts.first { $0.rulesVersion == versionB }).eventTime
        #expect(alerts.allSatisfy { $0.rulesVersion == ($0.eventTime >= switched ? versionB : versionA) })
        // The burst opened before the reload is the same incident after it: its window and state survived.
        let burstAlerts = alerts.filter { $0.rule == "order_burst" && $0.subject == burst.subject }
        #expect(Set(burstAlerts.map(\.alertID)) == [burst.alertID])
        #expect(burstAlerts.filter { $0.status == .open }.count == 1)
        #expect(burstAlerts.contains { $0.rulesVersion == versionB })
    }

    @Test("Shadow rules: their alerts go only to their own file, tagged, and are counted by rule")
    func shadowRules() async throws {
        let shadowYAML = "reverse_brushing:\n  min_refunds: 1000000\norder_burst:\n  min_orders: 60\n"
        let expected = EngineRun.lines(DaemonSeed.lines, rules: try Rules.parse(yaml: shadowYAML)).output.alerts
        try #require(expected.map { $0.jsonLine() }.sorted() != DaemonSeed.replayAlerts.sorted())
        let directory = try TemporaryDirectory("brushfire-shadow")
        defer { directory.remove() }
        let shadowRules = try directory.write([shadowYAML], to: "shadow.yaml")
        let shadowVersion = Rules.version(ofFile: try String(contentsOfFile: shadowRules, encoding: .utf8))
        let shadowFile = directory.file("shadow-alerts.jsonl")

        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 2)
        try await kafka.produce(DaemonSeed.messages(topic: topic))
        let sink = CollectingAlertSink()
        var admin = AdminConfiguration(host: "127.0.0.1", port: 0)
        admin.publishInterval = .milliseconds(50)
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), sinks: [sink], admin: admin,
            metricsRegistry: PrometheusCollectorRegistry()
        ) {
            $0.shadowRulesFile = shadowRules
            $0.shadowAlertsFile = shadowFile
        }
        #expect(await eventually { daemon.statistics.consumed >= DaemonSeed.events.count })
        _ = await eventually { daemon.daemon.admin?.port != nil }
        let base = "http://127.0.0.1:\(try #require(daemon.daemon.admin?.port))"
        #expect(
            try await eventually {
                try await HTTP.get(base + "/v1/status").json()["shadow_rules_version"] as? String == shadowVersion
            })
        // While it runs, the shadow alerts written so far are counted by rule (the file is written first, so the
        // two agree once no batch falls between the reads).
        let rules = Set(expected.map(\.rule))
        #expect(
            try await eventually {
                let metrics = try await HTTP.get(base + "/metrics").text
                let written = (try? String(contentsOfFile: shadowFile, encoding: .utf8)) ?? ""
                let alerts = written.split(separator: "\n")
                return !alerts.isEmpty
                    && rules.allSatisfy { rule in
                        metric(metrics, "brushfire_shadow_alerts_total", ["rule=\"\(rule)\""])
                            == Double(alerts.filter { $0.contains("\"rule\":\"\(rule)\"") }.count)
                    }
            })
        try await daemon.stop()
        let lines = try String(contentsOfFile: shadowFile, encoding: .utf8).split(separator: "\n").map(String.init)

        // The live sinks get the live rules' alerts only.
        #expect(sink.alerts.map { $0.jsonLine() }.sorted() == DaemonSeed.replayAlerts.sorted())
        #expect(sink.alerts.allSatisfy { !$0.shadow && $0.rulesVersion == nil })
        // The shadow file gets the shadow rules' alerts, each tagged.
        let suffix = ",\"rules_version\":\"\(shadowVersion)\",\"shadow\":true}"
        #expect(lines.allSatisfy { $0.hasSuffix(suffix) })
        #expect(
            lines.map { String($0.dropLast(suffix.count)) + "}" }.sorted() == expected.map { $0.jsonLine() }.sorted())
    }
}
