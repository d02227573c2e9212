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
        // v2: a delivery is for a URL as well as a name (unique per webhook-id and URL, so a new receiver gets
        // every alert again), the schedule counts from the first attempt, and a delivery whose schedule ran out
        // on an endpoint that did not answer is marked `exhausted` and recovered automatically. v1's failures
        // that were not 4xx rejections count as exhausted, so the alerts an outage cost are recovered too.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE endpoint ADD COLUMN recovery_window INTEGER NOT NULL DEFAULT \(
                        WebhookRetrySchedule.milliseconds(WebhookRetrySchedule.standard.recoveryWindow));
                    CREATE TABLE delivery_v2 (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        webhook_id TEXT NOT NULL,
                        endpoint TEXT NOT NULL,
                        url TEXT NOT NULL,
                        alert_id TEXT NOT NULL,
                        body BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        client_errors INTEGER NOT NULL DEFAULT 0,
                        first_attempt_at INTEGER,
                        exhausted INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_attempt_at INTEGER,
                        last_status INTEGER,
                        last_error TEXT,
                        finished_at INTEGER,
                        UNIQUE (webhook_id, url)
                    );
                    INSERT INTO delivery_v2 (
                        seq, webhook_id, endpoint, url, alert_id, body, created_at, state, attempts, client_errors,
                        first_attempt_at, exhausted, next_attempt_at, last_attempt_at, last_status, last_error,
                        finished_at)
                    SELECT d.seq, d.webhook_id, d.endpoint, COALESCE(e.url, ''), d.alert_id, d.body, d.created_at,
                        d.state, d.attempts, d.client_errors, NULL,
                        CASE WHEN d.state = 'failed' AND (d.last_status IS NULL OR d.last_status IN (408, 429)
                            OR d.last_status >= 500) THEN 1 ELSE 0 END,
                        d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.finished_at
                    FROM delivery d LEFT JOIN endpoint e ON e.name = d.endpoint;
                    DROP TABLE delivery;
                    ALTER TABLE delivery_v2 RENAME TO delivery;
                    CREATE INDEX delivery_queue ON delivery(endpoint, url, state, seq);
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

    /// Records the configured endpoints with their recovery windows (from their own schedule, else `schedule`).
    ///
    /// A new URL for a known name replaces the old one and enables it again, since a 410 from the old URL says
    /// nothing about the new; what was still to be delivered (pending, or exhausted within the window) moves to
    /// the new URL with its `webhook-id`, while what the old URL received stays recorded against it.
    public func register(
        _ endpoints: [WebhookEndpoint], schedule: WebhookRetrySchedule = .standard
    ) throws(WebhookOutboxError) {
        do {
            try pool.write { db in
                for endpoint in endpoints {
                    let window = WebhookRetrySchedule.milliseconds((endpoint.schedule ?? schedule).recoveryWindow)
                    try db.execute(
                        sql: """
                            INSERT INTO endpoint (name, url, recovery_window) VALUES (?, ?, ?)
                            ON CONFLICT(name) DO UPDATE SET
                                disabled_at = CASE WHEN url = excluded.url THEN disabled_at ELSE NULL END,
                                disabled_reason = CASE WHEN url = excluded.url THEN disabled_reason ELSE NULL END,
                                url = excluded.url, recovery_window = excluded.recovery_window
                            """, arguments: [endpoint.name, endpoint.url, window])
                    let target: StatementArguments = [endpoint.url, endpoint.name, endpoint.url]
                    try db.execute(
                        sql: """
                            UPDATE OR IGNORE delivery SET url = ? WHERE endpoint = ? AND url != ?
                                AND (state = 'pending' OR (state = 'failed' AND exhausted = 1))
                            """, arguments: target)
                    // Left behind only where the new URL already has the same delivery.
                    try db.execute(
                        sql: "DELETE FROM delivery WHERE endpoint = ? AND url != ? AND state = 'pending'",
                        arguments: [endpoint.name, endpoint.url])
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
    /// this returns. An alert already queued for the same endpoint and URL is not queued again. Returns the
    /// names of endpoints that got new deliveries.
    public func enqueue(
        _ alerts: [Alert], for endpoints: [WebhookEndpoint], now: Int64
    ) async throws(WebhookOutboxError) -> Set<String> {
        var rows: [(endpoint: String, url: String, alertID: String, body: [UInt8])] = []
        for alert in alerts {
            let body = Array(alert.jsonLine().utf8)
            for endpoint in endpoints where endpoint.filter.accepts(alert) {
                rows.append((endpoint.name, endpoint.url, alert.alertID, body))
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
                            (webhook_id, endpoint, url, alert_id, body, created_at, state, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
                        """,
                    arguments: [
                        Self.webhookID(endpoint: row.endpoint, body: row.body), row.endpoint, row.url, row.alertID,
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

    /// The head of an endpoint's queue at its URL, unless the endpoint is disabled: the oldest delivery that is
    /// pending or exhausted within the endpoint's recovery window at `now`.
    func head(endpoint: WebhookEndpoint, now: Int64) async throws(WebhookOutboxError) -> Head {
        try await read("read queue head") { db in
            let settings = try Row.fetchOne(
                db, sql: "SELECT disabled_at, recovery_window FROM endpoint WHERE name = ?",
                arguments: [endpoint.name])
            if let settings, settings["disabled_at"] as Int64? != nil { return .disabled }
            let window: Int64 = settings?["recovery_window"] ?? 0
            let pending = try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM delivery WHERE endpoint = ? AND url = ? AND state = 'pending' ORDER BY seq LIMIT 1
                    """, arguments: [endpoint.name, endpoint.url])
            let probing = try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM delivery WHERE endpoint = ? AND url = ? AND state = 'failed' AND exhausted = 1
                        AND finished_at > ? ORDER BY seq LIMIT 1
                    """, arguments: [endpoint.name, endpoint.url, now - window])
            let heads = [pending, probing].compactMap { $0.map(Self.delivery(from:)) }
            return heads.min { $0.sequence < $1.sequence }.map { .next($0) } ?? .empty
        }
    }

    /// Stores the outcome of an attempt as the state machine decided it.
    func record(
        _ action: WebhookDeliveryStateMachine.Action, for delivery: WebhookDelivery,
        machine: WebhookDeliveryStateMachine,
        status: Int?, error: String?, at now: Int64
    ) async throws(WebhookOutboxError) {
        let common: StatementArguments = [
            machine.attempts, machine.clientErrors, machine.firstAttemptAt, now, status, error,
        ]
        let set = """
            UPDATE delivery SET attempts = ?, client_errors = ?, first_attempt_at = ?, last_attempt_at = ?,
                last_status = ?, last_error = ?,
            """
        try await write("record attempt") { db in
            switch action {
            case .markDelivered:
                try db.execute(
                    sql: set + " state = 'delivered', exhausted = 0, finished_at = ? WHERE seq = ?",
                    arguments: common + [now, delivery.sequence])
            case .retry(let at, _):
                try db.execute(
                    sql: set + " next_attempt_at = ? WHERE seq = ?", arguments: common + [at, delivery.sequence])
            case .markFailed:
                try db.execute(
                    sql: set + " state = 'failed', exhausted = 0, finished_at = ? WHERE seq = ?",
                    arguments: common + [now, delivery.sequence])
            case .markExhausted(_, let probeAt):
                try db.execute(
                    sql: set + """
                         state = 'failed', exhausted = 1, finished_at = COALESCE(finished_at, ?),
                            next_attempt_at = ? WHERE seq = ?
                        """, arguments: common + [now, probeAt, delivery.sequence])
            case .disableEndpoint(let reason):
                try db.execute(
                    sql: set + " next_attempt_at = ? WHERE seq = ?", arguments: common + [now, delivery.sequence])
                try db.execute(
                    sql: "UPDATE endpoint SET disabled_at = ?, disabled_reason = ? WHERE name = ?",
                    arguments: [now, reason, delivery.endpoint])
            }
        }
    }

    /// Pending deliveries of an endpoint at its URL.
    public func pendingCount(endpoint: WebhookEndpoint) async throws(WebhookOutboxError) -> Int {
        try await read("count pending") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM delivery WHERE endpoint = ? AND url = ? AND state = 'pending'",
                arguments: [endpoint.name, endpoint.url]) ?? 0
        }
    }

    // MARK: Operators

    /// Every endpoint's queue: each registered endpoint at its URL, and each other name and URL that still has
    /// deliveries (an old URL, or a name no longer configured). `now` decides which exhausted deliveries are
    /// still within their endpoint's recovery window.
    public func status(now: Int64) async throws(WebhookOutboxError) -> [WebhookEndpointStatus] {
        try await read("read status") { db in
            var byKey: [String: WebhookEndpointStatus] = [:]
            func key(_ name: String, _ url: String) -> String { name + "\u{0}" + url }
            func entry(_ name: String, _ url: String) -> WebhookEndpointStatus {
                byKey[key(name, url)]
                    ?? WebhookEndpointStatus(
                        name: name, url: url.isEmpty ? nil : url, isRegistered: false, disabledAt: nil,
                        disabledReason: nil, pending: 0, delivered: 0, failed: 0, probing: 0, oldestPendingAt: nil,
                        nextAttemptAt: nil, lastError: nil)
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM endpoint") {
                let name: String = row["name"]
                let url: String = row["url"]
                var status = entry(name, url)
                status.isRegistered = true
                status.disabledAt = row["disabled_at"]
                status.disabledReason = row["disabled_reason"]
                byKey[key(name, url)] = status
            }
            let counts = try Row.fetchAll(
                db,
                sql: """
                    SELECT endpoint, url, state, COUNT(*) AS n, MIN(created_at) AS oldest FROM delivery
                    GROUP BY endpoint, url, state
                    """)
            for row in counts {
                let name: String = row["endpoint"]
                let url: String = row["url"]
                var status = entry(name, url)
                let n: Int = row["n"]
                switch WebhookDelivery.State(rawValue: row["state"]) {
                case .pending:
                    status.pending = n
                    status.oldestPendingAt = row["oldest"]
                case .delivered: status.delivered = n
                case .failed: status.failed = n
                case nil: break
                }
                byKey[key(name, url)] = status
            }
            let probing = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.endpoint, d.url, COUNT(*) AS n, MIN(d.created_at) AS oldest FROM delivery d
                    JOIN endpoint e ON e.name = d.endpoint AND e.url = d.url
                    WHERE d.state = 'failed' AND d.exhausted = 1 AND d.finished_at > ? - e.recovery_window
                    GROUP BY d.endpoint, d.url
                    """, arguments: [now])
            for row in probing {
                let name: String = row["endpoint"]
                let url: String = row["url"]
                var status = entry(name, url)
                status.probing = row["n"]
                let oldest: Int64 = row["oldest"]
                status.oldestPendingAt = min(status.oldestPendingAt ?? oldest, oldest)
                byKey[key(name, url)] = status
            }
            for (entryKey, var status) in byKey {
                let url = status.url ?? ""
                let window =
                    try Int64.fetchOne(
                        db, sql: "SELECT recovery_window FROM endpoint WHERE name = ? AND url = ?",
                        arguments: [status.name, url]) ?? 0
                status.nextAttemptAt = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT next_attempt_at FROM delivery WHERE endpoint = ? AND url = ?
                            AND (state = 'pending' OR (state = 'failed' AND exhausted = 1 AND finished_at > ?))
                        ORDER BY seq LIMIT 1
                        """, arguments: [status.name, url, now - window])
                status.lastError = try String.fetchOne(
                    db,
                    sql: """
                        SELECT last_error FROM delivery WHERE endpoint = ? AND url = ? AND last_attempt_at IS NOT NULL
                        ORDER BY last_attempt_at DESC, seq DESC LIMIT 1
                        """, arguments: [status.name, url])
                byKey[entryKey] = status
            }
            return byKey.values.sorted {
                ($0.name, $0.isRegistered ? 0 : 1, $0.url ?? "") < ($1.name, $1.isRegistered ? 0 : 1, $1.url ?? "")
            }
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
            // To the endpoint's current URL; where that URL already has the delivery, the old row is left alone.
            var sql = """
                UPDATE OR IGNORE delivery SET state = 'pending', attempts = 0, client_errors = 0,
                    first_attempt_at = NULL, exhausted = 0, next_attempt_at = ?, finished_at = NULL,
                    url = COALESCE((SELECT url FROM endpoint WHERE endpoint.name = delivery.endpoint), url)
                WHERE created_at >= ? AND state IN \(states)
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
            sequence: row["seq"], webhookID: row["webhook_id"], endpoint: row["endpoint"], url: row["url"],
            alertID: row["alert_id"], body: [UInt8](body), createdAt: row["created_at"],
            state: WebhookDelivery.State(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            clientErrors: row["client_errors"], firstAttemptAt: row["first_attempt_at"],
            exhausted: row["exhausted"], nextAttemptAt: row["next_attempt_at"],
            lastAttemptAt: row["last_attempt_at"], lastStatus: row["last_status"], lastError: row["last_error"],
            finishedAt: row["finished_at"])
    }

    private func write<T: Sendable>(
        _ operation: String, _ updates: @escaping @Sendable (Database) throws -> T
    ) async throws(WebhookOutboxError) -> T {
        do {
            return try await pool.write(updates)
        } catch {
            throw WebhookOutboxError(path: path, operation: operation, error: error)
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ value: @escaping @Sendable (Database) throws -> T
    ) async throws(WebhookOutboxError) -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw WebhookOutboxError(path: path, operation: operation, error: error)
        }
    }
}
