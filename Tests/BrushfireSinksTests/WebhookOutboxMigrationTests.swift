import BrushfireCore
import BrushfireSinks
import Foundation
import GRDB
import Testing

/// An outbox written by the first schema (deliveries keyed by endpoint name only) opens under the current one.
@Suite struct WebhookOutboxMigrationTests {
    let now = WebhookClock.system.now()

    /// A version 1 outbox as Brushfire wrote it: one endpoint, and a delivered, a pending, an outage-failed and a
    /// rejected delivery.
    func versionOneOutbox() throws -> String {
        let path = try WebhookFixtures.outboxPath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE endpoint (
                        name TEXT PRIMARY KEY, url TEXT NOT NULL, disabled_at INTEGER, disabled_reason TEXT);
                    CREATE TABLE delivery (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id TEXT NOT NULL UNIQUE,
                        endpoint TEXT NOT NULL, alert_id TEXT NOT NULL, body BLOB NOT NULL,
                        created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        client_errors INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
                        last_attempt_at INTEGER, last_status INTEGER, last_error TEXT, finished_at INTEGER);
                    CREATE INDEX delivery_queue ON delivery(endpoint, state, seq);
                    CREATE INDEX delivery_created ON delivery(created_at);
                    INSERT INTO endpoint (name, url) VALUES ('default', 'http://127.0.0.1:9/first');
                    """)
            let rows: [(state: String, status: Int?, error: String?)] = [
                ("delivered", 200, nil), ("failed", 503, "HTTP 503; gave up after 8 attempts"),
                ("failed", 400, "HTTP 400; gave up after 3 client errors"), ("pending", nil, nil),
            ]
            for (index, row) in rows.enumerated() {
                let body = Array(WebhookFixtures.alert(index).jsonLine().utf8)
                try db.execute(
                    sql: """
                        INSERT INTO delivery (webhook_id, endpoint, alert_id, body, created_at, state, attempts,
                            next_attempt_at, last_attempt_at, last_status, last_error, finished_at)
                        VALUES (?, 'default', ?, ?, ?, ?, 8, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        WebhookOutbox.webhookID(endpoint: "default", body: body), "alt_\(index)", Data(body),
                        now - 3_600_000, row.state, now - 60_000, now - 60_000, row.status, row.error,
                        row.state == "pending" ? nil : now - 60_000,
                    ])
            }
        }
        return path
    }

    @Test func deliveriesKeepTheirURLAndIdsAndWhatAnOutageCostIsRecovered() async throws {
        let path = try versionOneOutbox()
        let outbox = try WebhookOutbox(path: path)
        let migrated = try await outbox.deliveries()
        #expect(migrated.map(\.alertID) == ["alt_0", "alt_1", "alt_2", "alt_3"])
        #expect(migrated.allSatisfy { $0.url == "http://127.0.0.1:9/first" })
        #expect(migrated.map(\.state) == [.delivered, .failed, .failed, .pending])
        // The 503 failure is recovered automatically; the 400 rejection is not.
        #expect(migrated.map(\.exhausted) == [false, true, false, false])
        let ids = (0..<4).map {
            WebhookOutbox.webhookID(endpoint: "default", body: Array(WebhookFixtures.alert($0).jsonLine().utf8))
        }
        #expect(migrated.map(\.webhookID) == ids)
        let status = try #require(try await outbox.status(now: now).first)
        #expect((status.pending, status.delivered, status.failed, status.probing) == (1, 1, 2, 1))
        #expect(status.outstanding == 2)

        // A new sequence number continues after the migrated ones.
        let endpoint = try WebhookFixtures.endpoint("default", url: "http://127.0.0.1:9/first")
        _ = try await outbox.enqueue([WebhookFixtures.alert(9)], for: [endpoint], now: now)
        let sequences = try await outbox.deliveries().map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 5)
    }

    @Test func aMigratedOutboxDeliversEveryAlertToANewReceiver() async throws {
        let outbox = try WebhookOutbox(path: try versionOneOutbox())
        let second = try WebhookFixtures.endpoint("default", url: "http://127.0.0.1:9/second")
        try outbox.register([second])
        // What replay would queue again: all four alerts. Only the delivered one and the rejected one need a new
        // row; the pending and the recoverable ones moved to the new URL.
        let touched = try await outbox.enqueue(WebhookFixtures.alerts(0..<4), for: [second], now: now)
        #expect(touched == ["default"])
        let forSecond = try await outbox.deliveries().filter { $0.url == second.url }
        #expect(forSecond.map(\.alertID).sorted() == ["alt_0", "alt_1", "alt_2", "alt_3"])
        let status = try #require(try await outbox.status(now: now).first { $0.isRegistered })
        #expect(status.outstanding == 4)
    }
}
