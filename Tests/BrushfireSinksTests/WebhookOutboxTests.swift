import BrushfireCore
import Foundation
import Testing

@testable import BrushfireSinks

@Suite struct WebhookOutboxTests {
    let now: Int64 = 1_763_856_000_000

    @Test func writtenAlertsAreOnDiskWhenWriteReturns() async throws {
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/hook")
        let sink = try WebhookSink(outboxPath: path, endpoints: [endpoint])
        let alerts = WebhookFixtures.alerts(0..<5)
        try await sink.write(alerts)

        // A second, independent connection sees every delivery, as a restarted process would.
        let reopened = try WebhookOutbox(path: path)
        let deliveries = try await reopened.deliveries()
        #expect(deliveries.map(\.alertID) == alerts.map(\.alertID))
        #expect(deliveries.map(\.body) == alerts.map { Array($0.jsonLine().utf8) })
        #expect(deliveries.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.endpoint == "soc" })
        #expect(Set(deliveries.map(\.webhookID)).count == 5)
    }

    @Test func theOutboxIsInWALModeWithFullSync() async throws {
        let path = try WebhookFixtures.outboxPath()
        let outbox = try WebhookOutbox(path: path)
        #expect(try await outbox.durability() == "journal_mode=wal synchronous=2")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let header = try #require(FileManager.default.contents(atPath: path)?.prefix(20))
        // Bytes 18 and 19 of an SQLite file header are 2 in WAL mode.
        #expect(Array(header.suffix(2)) == [2, 2])
    }

    @Test func eachEndpointGetsTheAlertsItsFilterAccepts() async throws {
        let path = try WebhookFixtures.outboxPath()
        let everything = try WebhookFixtures.endpoint("all", url: "http://127.0.0.1:9/a")
        let critical = try WebhookFixtures.endpoint(
            "critical", url: "http://127.0.0.1:9/c", filter: WebhookFilter(minimumSeverity: .critical))
        let sink = try WebhookSink(outboxPath: path, endpoints: [everything, critical])
        try await sink.write([
            WebhookFixtures.alert(1, severity: .medium), WebhookFixtures.alert(2, severity: .critical),
            WebhookFixtures.alert(3, severity: .high),
        ])
        #expect(try await sink.outbox.deliveries(endpoint: "all").map(\.alertID) == ["alt_1", "alt_2", "alt_3"])
        #expect(try await sink.outbox.deliveries(endpoint: "critical").map(\.alertID) == ["alt_2"])
        let ids = try await sink.outbox.deliveries().map(\.webhookID)
        #expect(Set(ids).count == ids.count)
    }

    @Test func theSameAlertIsQueuedOncePerEndpoint() async throws {
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/hook")
        let outbox = try WebhookOutbox(path: path)
        let first = try await outbox.enqueue(WebhookFixtures.alerts(0..<3), for: [endpoint], now: now)
        let again = try await outbox.enqueue(WebhookFixtures.alerts(0..<4), for: [endpoint], now: now + 5)
        #expect(first == ["soc"])
        #expect(again == ["soc"])
        #expect(try await outbox.deliveries().map(\.alertID) == ["alt_0", "alt_1", "alt_2", "alt_3"])
        let body = Array(WebhookFixtures.alert(0).jsonLine().utf8)
        #expect(try await outbox.deliveries().first?.webhookID == WebhookOutbox.webhookID(endpoint: "soc", body: body))
        #expect(
            WebhookOutbox.webhookID(endpoint: "soc", body: body) != WebhookOutbox.webhookID(endpoint: "ops", body: body)
        )
    }

    @Test func statusCountsEachEndpointsQueue() async throws {
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/hook")
        let outbox = try WebhookOutbox(path: path)
        try outbox.register([endpoint])
        _ = try await outbox.enqueue(WebhookFixtures.alerts(0..<4), for: [endpoint], now: now)
        let orphan = try WebhookFixtures.endpoint("retired", url: "http://127.0.0.1:9/old")
        _ = try await outbox.enqueue(WebhookFixtures.alerts(10..<11), for: [orphan], now: now)

        let statuses = try await outbox.status(now: now)
        #expect(statuses.map(\.name) == ["retired", "soc"])
        let soc = try #require(statuses.last)
        #expect(soc.url == "http://127.0.0.1:9/hook")
        #expect(soc.isRegistered)
        #expect((soc.pending, soc.delivered, soc.failed, soc.probing) == (4, 0, 0, 0))
        #expect(soc.oldestPendingAt == now)
        #expect(!soc.isDisabled)
        #expect(statuses.first?.isRegistered == false)
        #expect(statuses.first?.url == "http://127.0.0.1:9/old")
    }

    @Test func anEndpointIsItsNameAndItsURL() async throws {
        let outbox = try WebhookOutbox(path: try WebhookFixtures.outboxPath())
        let first = try WebhookFixtures.endpoint("default", url: "http://127.0.0.1:9/first")
        let second = try WebhookFixtures.endpoint("default", url: "http://127.0.0.1:9/second")
        try outbox.register([first])
        _ = try await outbox.enqueue(WebhookFixtures.alerts(0..<3), for: [first], now: now)
        // Say the first receiver got them all.
        for delivery in try await outbox.deliveries() {
            var machine = WebhookDeliveryStateMachine(schedule: .standard)
            _ = machine.startAttempt(now: now)
            var random = WebhookTestRandom(state: 1)
            let action = machine.responseReceived(status: 200, retryAfter: nil, now: now, using: &random)
            try await outbox.record(action, for: delivery, machine: machine, status: 200, error: nil, at: now)
        }
        // The same alerts for the same name at another URL are queued again, with the same webhook-id.
        try outbox.register([second])
        #expect(try await outbox.enqueue(WebhookFixtures.alerts(0..<3), for: [second], now: now + 1) == ["default"])
        let deliveries = try await outbox.deliveries()
        #expect(deliveries.count == 6)
        #expect(deliveries.filter { $0.url == second.url }.allSatisfy { $0.state == .pending })
        #expect(
            deliveries.filter { $0.url == second.url }.map(\.webhookID)
                == deliveries.filter { $0.url == first.url }.map(\.webhookID))
        let statuses = try await outbox.status(now: now)
        #expect(
            statuses.map { [$0.url ?? "", String($0.isRegistered), String($0.pending), String($0.delivered)] }
                == [[second.url, "true", "3", "0"], [first.url, "false", "0", "3"]])
    }

    @Test func whatIsStillToBeDeliveredFollowsANewURL() async throws {
        let outbox = try WebhookOutbox(path: try WebhookFixtures.outboxPath())
        let old = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/old")
        try outbox.register([old])
        _ = try await outbox.enqueue(WebhookFixtures.alerts(0..<2), for: [old], now: now)
        let moved = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/new")
        try outbox.register([moved])
        // Re-reading the same input after the move queues nothing twice.
        #expect(try await outbox.enqueue(WebhookFixtures.alerts(0..<2), for: [moved], now: now) == [])
        let deliveries = try await outbox.deliveries()
        #expect(deliveries.map(\.url) == [moved.url, moved.url])
        #expect(deliveries.allSatisfy { $0.state == .pending })
    }
}
