import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Prometheus
import Testing

@Suite("The admin server of a daemon running on the embedded Kafka cluster")
struct AdminServerTests {
    @Test func everyEndpointAnswersFromTheRunningDaemon() async throws {
        let kafka = try KafkaHarness()
        let daemon = try await AdminDaemon.start(kafka)

        let health = try await HTTP.get(daemon.base + "/healthz")
        #expect(health.status == 200)
        #expect(try health.json()["status"] as? String == "ok")

        // Ready once the partitions are assigned and the consumer has caught up with them.
        let ready = try await daemon.waitUntil({ $0.status == 200 }, path: "/readyz")
        #expect(ready.status == 200, "\(ready.text)")
        #expect(try ready.json()["ready"] as? Bool == true)

        // Every event processed and the seed attack's incidents filed.
        let total = DaemonSeed.events.count
        #expect(await daemon.running.wait(until: { $0.consumed >= total }))
        let all = try await daemon.waitUntil(
            {
                (try? $0.json()["incidents"] as? [[String: Any]])?.contains {
                    $0["rule"] as? String == "reverse_brushing"
                } == true
            },
            path: "/v1/incidents?status=all")
        let incidents = try #require(try all.json()["incidents"] as? [[String: Any]])
        let expectedRules = Set(
            DaemonSeed.replayAlerts.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
            })
        #expect(Set(incidents.compactMap { $0["rule"] as? String }) == expectedRules)
        #expect(all.contentType?.hasPrefix("application/json") == true)

        // The open ones by default, and filters by rule and severity.
        let open = try #require(
            try await HTTP.get(daemon.base + "/v1/incidents").json()["incidents"] as? [[String: Any]])
        #expect(open.allSatisfy { $0["open"] as? Bool == true })
        let byRule = try #require(
            try await HTTP.get(daemon.base + "/v1/incidents?status=all&rule=order_burst").json()["incidents"]
                as? [[String: Any]])
        #expect(!byRule.isEmpty && byRule.allSatisfy { $0["rule"] as? String == "order_burst" })
        let severity = try #require(incidents.first?["severity"] as? String)
        let bySeverity = try #require(
            try await HTTP.get(daemon.base + "/v1/incidents?status=all&severity=\(severity)").json()["incidents"]
                as? [[String: Any]])
        #expect(!bySeverity.isEmpty && bySeverity.allSatisfy { $0["severity"] as? String == severity })
        #expect(try await HTTP.get(daemon.base + "/v1/incidents?severity=urgent").status == 400)
        #expect(try await HTTP.get(daemon.base + "/v1/incidents?status=closed").status == 400)

        // One incident with its chart: the burst's orders are in it, and every alert is a moment.
        let burst = try #require(incidents.first { $0["rule"] as? String == "order_burst" })
        let alertID = try #require(burst["alert_id"] as? String)
        let detail = try await HTTP.get(daemon.base + "/v1/incidents/\(alertID)").json()
        let chart = try #require(detail["chart"] as? [String: Any])
        let minutes = try #require(chart["minutes"] as? [[Int]])
        let chartedOrders = minutes.reduce(0) { $0 + $1[1] }
        let burstOrders = try #require((detail["metrics"] as? [String: Any])?["orders"] as? Double)
        #expect(Double(chartedOrders) >= burstOrders)
        let moments = try #require(detail["moments"] as? [[String: Any]])
        #expect(moments.first?["status"] as? String == "open")
        #expect(try await HTTP.get(daemon.base + "/v1/incidents/brf-0000000000000000").status == 404)

        // The victim shop's windows and baseline, and the shops by burst score.
        let victim = try #require((burst["subject"] as? [String: Any])?["id"] as? String)
        let shop = try await HTTP.get(daemon.base + "/v1/shops/\(victim)").json()
        #expect(shop["id"] as? String == victim)
        #expect((shop["windows"] as? [[String: Any]])?.map { $0["seconds"] as? Int } == [60, 300, 900])
        #expect(((shop["baseline"] as? [String: Any])?["hours_learned"] as? Int ?? 0) > 24)
        #expect((shop["incidents"] as? [String])?.contains(alertID) == true)
        #expect(try await HTTP.get(daemon.base + "/v1/shops/no-such-shop").status == 404)
        let top = try #require(try await HTTP.get(daemon.base + "/v1/shops?top=5").json()["shops"] as? [[String: Any]])
        let scores = top.compactMap { $0["burst_score"] as? Double }
        #expect(top.count == 5 && scores == scores.sorted(by: >))
        // A shop neither ranked nor named by an incident is fetched on request, from the next snapshot.
        let ranked = try #require(
            try await HTTP.get(daemon.base + "/v1/shops?top=10").json()["shops"] as? [[String: Any]])
        let shown = Set(ranked.compactMap { $0["id"] as? String } + [victim])
        let quiet = try #require(Set(DaemonSeed.events.map(\.shopID)).subtracting(shown).sorted().first)
        let quietShop = try await HTTP.get(daemon.base + "/v1/shops/\(quiet)")
        #expect(quietShop.status == 200)
        #expect(try quietShop.json()["id"] as? String == quiet)

        // Fingerprints: malformed ids are refused, ids no incident names are not found.
        #expect(try await HTTP.get(daemon.base + "/v1/fingerprints/13800138000").status == 400)
        #expect(try await HTTP.get(daemon.base + "/v1/fingerprints/phone:k1:00000000000000ff").status == 404)

        // Status and Prometheus metrics agree with what was processed.
        // Events within the lateness of the newest stay buffered until shutdown: processed plus buffered is all.
        let status = try await HTTP.get(daemon.base + "/v1/status").json()
        let processed = try #require(status["events_processed"] as? Int)
        let keys = try #require(status["tracked_keys"] as? [String: Int])
        #expect(processed + (keys["buffered_events"] ?? -1) == total)
        let orders = try #require((status["events_by_type"] as? [String: Int])?["order"])
        let shops = try #require(keys["shops"])
        #expect(shops == Set(DaemonSeed.events.map(\.shopID)).count)
        // The event-to-alert delay of the alerts handed over so far, in milliseconds.
        let delay = try #require(status["alert_delay_ms"] as? [String: Any])
        let count = try #require(delay["count"] as? Int)
        #expect(count > 0)
        let percentiles = ["p50", "p90", "p99", "p99_9", "max"].compactMap { (delay[$0] as? NSNumber)?.doubleValue }
        #expect(percentiles.count == 5 && percentiles == percentiles.sorted() && percentiles[0] > 0)
        let metrics = try await daemon.waitUntil(
            { $0.text.contains("brushfire_events_total{type=\"order\"} \(orders)") }, path: "/metrics")
        #expect(metrics.contentType?.hasPrefix("text/plain") == true)
        for expected in [
            "brushfire_events_total{type=\"order\"} \(orders)", "brushfire_tracked_keys{kind=\"shops\"} \(shops)",
            "brushfire_alerts_total{rule=\"order_burst\"", "brushfire_consumer_lag{topic=\"",
            "brushfire_batch_processing_seconds_bucket{", "brushfire_events_rejected_total{reason=\"late\"} 0",
            "brushfire_events_duplicate_total 0", "brushfire_open_incidents{rule=",
            "brushfire_alert_delay_seconds_bucket{",
        ] {
            #expect(metrics.text.contains(expected), "missing \(expected)")
        }
        try await daemon.running.stop()
    }

    @Test func aTokenGuardsTheAPIAndTheMetricsButNotTheProbesOrThePageShell() async throws {
        let kafka = try KafkaHarness()
        let daemon = try await AdminDaemon.start(kafka, token: "s3cret", events: Array(DaemonSeed.events.prefix(500)))
        for path in ["/metrics", "/v1/status", "/v1/incidents", "/v1/shops?top=3"] {
            #expect(try await HTTP.get(daemon.base + path).status == 401, "\(path) without a token")
            #expect(try await HTTP.get(daemon.base + path, token: "wrong").status == 401, "\(path) with a wrong token")
            #expect(try await HTTP.get(daemon.base + path, token: "s3cret").status == 200, "\(path) with the token")
        }
        #expect(try await HTTP.get(daemon.base + "/healthz").status == 200)
        let page = try await HTTP.get(daemon.base + "/")
        #expect(page.status == 200 && page.contentType?.hasPrefix("text/html") == true)
        try await daemon.running.stop()
    }

    @Test func theWebhookDispatchersMetricsShowOnTheMetricsEndpoint() async throws {
        let kafka = try KafkaHarness()
        let registry = PrometheusCollectorRegistry()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Nothing listens on port 1: every attempt ends in a connection error, counted by the dispatcher.
        let webhooks = try WebhookSink(
            outboxPath: directory.appendingPathComponent("outbox.sqlite").path,
            endpoints: [
                WebhookEndpoint(
                    name: "ops", url: "http://127.0.0.1:1/hook", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            ],
            options: WebhookDeliveryOptions(
                schedule: WebhookRetrySchedule(delays: Array(repeating: .milliseconds(50), count: 5), jitter: 0),
                connectTimeout: .milliseconds(200), requestTimeout: .seconds(1), pollInterval: .milliseconds(50)),
            metricsFactory: PrometheusMetricsFactory(registry: registry))
        let dispatcher = Task { try await webhooks.dispatcher.run() }
        defer { dispatcher.cancel() }

        let topic = try kafka.makeTopic("events", partitions: 1)
        try await kafka.produce(DaemonSeed.messages(topic: topic))
        var admin = AdminConfiguration(port: 0)
        admin.publishInterval = .milliseconds(100)
        let running = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), sinks: [webhooks], admin: admin,
            metricsRegistry: registry)
        var port: Int?
        for _ in 0..<500 where port == nil {
            port = running.daemon.admin?.port
            try await Task.sleep(for: .milliseconds(20))
        }
        let base = "http://127.0.0.1:\(try #require(port))"
        let deadline = ContinuousClock.now + .seconds(60)
        var text = ""
        while ContinuousClock.now < deadline {
            text = try await HTTP.get(base + "/metrics").text
            if text.contains("brushfire_webhook_attempts_total{endpoint=\"ops\",result=\"error\"}") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(text.contains("brushfire_webhook_attempts_total{endpoint=\"ops\",result=\"error\"}"))
        #expect(text.contains("brushfire_webhook_queue_depth{endpoint=\"ops\"}"))
        #expect(text.contains("brushfire_events_total{type=\"order\"}"))
        try await running.stop()
    }
}
