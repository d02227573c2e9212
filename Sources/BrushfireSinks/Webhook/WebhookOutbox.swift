import BrushfireCore
import Crypto
import Foundation
import GRDB

/// The durable queue of webhook deliveries: one SQLite file in WAL mode with `synchronous=FULL`.
///
/// A committed write has been fsynced to the write-ahead log, so a delivery queued by `enqueue` survives a
/// crash or power loss from the moment the call returns. Several processes may open the same outbox (the
/// daemon delivering, an operator running `brushfire webhooks redeliver`); SQLite serialises their writes.
public final class WebhookOutbox: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens the outbox at `path`, creating it and its tables if needed.
    public init(path: String) throws(WebhookOutboxError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw WebhookOutboxError(path: path, operation: "open", message: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE endpoint (
                        name TEXT PRIMARY KEY,
                        url TEXT NOT NULL,
                        disabled_at INTEGER,
                        disabled_reason TEXT
                    );
                    CREATE TABLE delivery (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        webhook_id TEXT NOT NULL UNIQUE,
                        endpoint TEXT NOT NULL,
                        alert_id TEXT NOT NULL,
                        body BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        client_errors INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_attempt_at INTEGER,
                        last_status INTEGER,
                        last_error TEXT,
                        finished_at INTEGER
                    );
                    CREATE INDEX delivery_queue ON delivery(endpoint, state, seq);
                    CREATE INDEX delivery_created ON delivery(created_at);
                    """)
        }
        return migrator
    }

    /// The `webhook-id` of an alert body sent to an endpoint: derived from both, so queueing the same alert
    /// again (after a restart re-reads its input) neither adds a delivery nor gives receivers a new id.
    public static func webhookID(endpoint: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(endpoint.utf8))
        hasher.update(data: [0])
        hasher.update(data: body)
        let hex = hasher.finalize().prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }
        return "msg_" + hex.joined()
    }

    // MARK: Endpoints

    /// Records the configured endpoints. A new URL for a known name replaces the old one and enables it again,
    /// since a 410 from the old URL says nothing about the new.
    public func register(_ endpoints: [WebhookEndpoint]) throws(WebhookOutboxError) {
        do {
            try pool.write { db in
                for endpoint in endpoints {
                    try db.execute(
                        sql: """
                            INSERT INTO endpoint (name, url) VALUES (?, ?)
                            ON CONFLICT(name) DO UPDATE SET
                                disabled_at = CASE WHEN url = excluded.url THEN disabled_at ELSE NULL END,
                                disabled_reason = CASE WHEN url = excluded.url THEN disabled_reason ELSE NULL END,
                                url = excluded.url
                            """, arguments: [endpoint.name, endpoint.url])
                }
            }
        } catch {
            throw WebhookOutboxError(path: path, operation: "register endpoints", message: "\(error)")
        }
    }

    /// Enables an endpoint a 410 disabled; `false` if no endpoint has that name.
    @discardableResult
    public func enable(endpoint: String) async throws(WebhookOutboxError) -> Bool {
        try await write("enable endpoint") { db in
            try db.execute(
                sql: "UPDATE endpoint SET disabled_at = NULL, disabled_reason = NULL WHERE name = ?",
                arguments: [endpoint])
            return db.changesCount > 0
        }
    }

    /// The URL an endpoint was last registered with.
    public func url(endpoint: String) async throws(WebhookOutboxError) -> String? {
        try await read("read endpoint") { db in
            try String.fetchOne(db, sql: "SELECT url FROM endpoint WHERE name = ?", arguments: [endpoint])
        }
    }

    // MARK: Queueing

    /// Queues every alert for every endpoint whose filter accepts it, in one transaction that is on disk when
    /// this returns. Returns the names of endpoints that got new deliveries.
    public func enqueue(
        _ alerts: [Alert], for endpoints: [WebhookEndpoint], now: Int64
    ) async throws(WebhookOutboxError) -> Set<String> {
        var rows: [(endpoint: String, alertID: String, body: [UInt8])] = []
        for alert in alerts {
            let body = Array(alert.jsonLine().utf8)
            for endpoint in endpoints where endpoint.filter.accepts(alert) {
                rows.append((endpoint.name, alert.alertID, body))
            }
        }
        guard !rows.isEmpty else { return [] }
        let queued = rows
        return try await write("enqueue alerts") { db in
            var touched: Set<String> = []
            for row in queued {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO delivery
                            (webhook_id, endpoint, alert_id, body, created_at, state, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?)
                        """,
                    arguments: [
                        Self.webhookID(endpoint: row.endpoint, body: row.body), row.endpoint, row.alertID,
                        Data(row.body), now, now,
                    ])
                if db.changesCount > 0 { touched.insert(row.endpoint) }
            }
            return touched
        }
    }

    // MARK: Dispatching

    /// What an endpoint's worker should do next.
    enum Head: Sendable, Equatable {
        case empty
        case disabled
        case next(WebhookDelivery)
    }

    /// The oldest pending delivery of an endpoint, unless the endpoint is disabled.
    func head(endpoint: String) async throws(WebhookOutboxError) -> Head {
        try await read("read queue head") { db in
            let disabled = try Int64.fetchOne(
                db, sql: "SELECT disabled_at FROM endpoint WHERE name = ?", arguments: [endpoint])
            if disabled != nil { return .disabled }
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM delivery WHERE endpoint = ? AND state = 'pending' ORDER BY seq LIMIT 1",
                arguments: [endpoint])
            return row.map { .next(Self.delivery(from: $0)) } ?? .empty
        }
    }

    /// Stores the outcome of an attempt as the state machine decided it.
    func record(
        _ action: WebhookDeliveryStateMachine.Action, for delivery: WebhookDelivery,
        machine: WebhookDeliveryStateMachine,
        status: Int?, error: String?, at now: Int64
    ) async throws(WebhookOutboxError) {
        let attempts = machine.attempts
        let clientErrors = machine.clientErrors
        try await write("record attempt") { db in
            let common: StatementArguments = [attempts, now, status, error]
            switch action {
            case .markDelivered:
                try db.execute(
                    sql: """
                        UPDATE delivery SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
                            state = 'delivered', finished_at = ? WHERE seq = ?
                        """, arguments: common + [now, delivery.sequence])
            case .retry(let at, _):
                try db.execute(
                    sql: """
                        UPDATE delivery SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
                            client_errors = ?, next_attempt_at = ? WHERE seq = ?
                        """, arguments: common + [clientErrors, at, delivery.sequence])
            case .markFailed:
                try db.execute(
                    sql: """
                        UPDATE delivery SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
                            client_errors = ?, state = 'failed', finished_at = ? WHERE seq = ?
                        """, arguments: common + [clientErrors, now, delivery.sequence])
            case .disableEndpoint(let reason):
                try db.execute(
                    sql: """
                        UPDATE delivery SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?,
                            next_attempt_at = ? WHERE seq = ?
                        """, arguments: common + [now, delivery.sequence])
                try db.execute(
                    sql: "UPDATE endpoint SET disabled_at = ?, disabled_reason = ? WHERE name = ?",
                    arguments: [now, reason, delivery.endpoint])
            }
        }
    }

    /// Pending deliveries of an endpoint.
    public func pendingCount(endpoint: String) async throws(WebhookOutboxError) -> Int {
        try await read("count pending") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM delivery WHERE endpoint = ? AND state = 'pending'",
                arguments: [endpoint]) ?? 0
        }
    }

    // MARK: Operators

    /// Every endpoint's queue: registered endpoints and any name that still has deliveries.
    public func status() async throws(WebhookOutboxError) -> [WebhookEndpointStatus] {
        try await read("read status") { db in
            var byName: [String: WebhookEndpointStatus] = [:]
            func entry(_ name: String) -> WebhookEndpointStatus {
                byName[name]
                    ?? WebhookEndpointStatus(
                        name: name, url: nil, disabledAt: nil, disabledReason: nil, pending: 0, delivered: 0,
                        failed: 0, oldestPendingAt: nil, nextAttemptAt: nil, lastError: nil)
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM endpoint") {
                let name: String = row["name"]
                var status = entry(name)
                status.url = row["url"]
                status.disabledAt = row["disabled_at"]
                status.disabledReason = row["disabled_reason"]
                byName[name] = status
            }
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT endpoint, state, COUNT(*) AS n, MIN(created_at) AS oldest FROM delivery
                    GROUP BY endpoint, state
                    """)
            for row in counts {
                let name: String = row["endpoint"]
                var status = entry(name)
                let n: Int = row["n"]
                switch WebhookDelivery.State(rawValue: row["state"]) {
                case .pending:
                    status.pending = n
                    status.oldestPendingAt = row["oldest"]
                case .delivered: status.delivered = n
                case .failed: status.failed = n
                case nil: break
                }
                byName[name] = status
            }
            for name in byName.keys {
                var status = byName[name]!
                status.nextAttemptAt = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT next_attempt_at FROM delivery WHERE endpoint = ? AND state = 'pending'
                        ORDER BY seq LIMIT 1
                        """, arguments: [name])
                status.lastError = try String.fetchOne(
                    db,
                    sql: """
                        SELECT last_error FROM delivery WHERE endpoint = ? AND last_attempt_at IS NOT NULL
                        ORDER BY last_attempt_at DESC, seq DESC LIMIT 1
                        """, arguments: [name])
                byName[name] = status
            }
            return byName.values.sorted { $0.name < $1.name }
        }
    }

    /// Deliveries in queue order, optionally of one endpoint.
    public func deliveries(endpoint: String? = nil) async throws(WebhookOutboxError) -> [WebhookDelivery] {
        try await read("read deliveries") { db in
            let rows =
                if let endpoint {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM delivery WHERE endpoint = ? ORDER BY seq", arguments: [endpoint])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM delivery ORDER BY seq")
                }
            return rows.map(Self.delivery(from:))
        }
    }

    /// Puts failed deliveries queued at or after `since` (epoch milliseconds) back in the queue with fresh
    /// attempts; with `includeDelivered`, delivered ones too. Naming an endpoint also enables it again.
    /// Returns how many deliveries were re-queued.
    public func redeliver(
        since: Int64, endpoint: String?, includeDelivered: Bool, now: Int64
    ) async throws(WebhookOutboxError) -> Int {
        try await write("redeliver") { db in
            let states = includeDelivered ? "('failed', 'delivered')" : "('failed')"
            var sql = """
                UPDATE delivery SET state = 'pending', attempts = 0, client_errors = 0, next_attempt_at = ?,
                    finished_at = NULL WHERE created_at >= ? AND state IN \(states)
                """
            var arguments: StatementArguments = [now, since]
            if let endpoint {
                sql += " AND endpoint = ?"
                arguments += [endpoint]
            }
            try db.execute(sql: sql, arguments: arguments)
            let count = db.changesCount
            if let endpoint {
                try db.execute(
                    sql: "UPDATE endpoint SET disabled_at = NULL, disabled_reason = NULL WHERE name = ?",
                    arguments: [endpoint])
            }
            return count
        }
    }

    /// Deletes delivered deliveries that finished before `before` (epoch milliseconds), so the outbox does not
    /// grow without end. Failed and pending deliveries are never deleted. Returns how many were deleted.
    @discardableResult
    public func prune(deliveredBefore before: Int64) async throws(WebhookOutboxError) -> Int {
        try await write("prune delivered") { db in
            try db.execute(
                sql: "DELETE FROM delivery WHERE state = 'delivered' AND finished_at < ?", arguments: [before])
            return db.changesCount
        }
    }

    /// The journal mode and sync level in force, e.g. `journal_mode=wal synchronous=2` (2 is FULL), so
    /// operators and tests can confirm the durability the outbox promises.
    public func durability() async throws(WebhookOutboxError) -> String {
        try await read("read durability settings") { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            let sync = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return "journal_mode=\(mode) synchronous=\(sync)"
        }
    }

    // MARK: Plumbing

    private static func delivery(from row: Row) -> WebhookDelivery {
        let body: Data = row["body"]
        return WebhookDelivery(
            sequence: row["seq"], webhookID: row["webhook_id"], endpoint: row["endpoint"], alertID: row["alert_id"],
            body: [UInt8](body), createdAt: row["created_at"],
            state: WebhookDelivery.State(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            clientErrors: row["client_errors"], nextAttemptAt: row["next_attempt_at"],
            lastAttemptAt: row["last_attempt_at"], lastStatus: row["last_status"], lastError: row["last_error"],
            finishedAt: row["finished_at"])
    }

    private func write<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws(WebhookOutboxError) -> T {
        do {
            return try await pool.write(updates)
        } catch {
            throw WebhookOutboxError(path: path, operation: operation, message: "\(error)")
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ value: @escaping @Sendable (Database) throws -> T
    ) async throws(WebhookOutboxError) -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw WebhookOutboxError(path: path, operation: operation, message: "\(error)")
        }
    }
}
