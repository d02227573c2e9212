import BrushfireCore

/// The incidents seen in a run, built from the alerts as they are emitted: the open ones and the most recently
/// resolved. Shop incidents keep the shop's per-minute orders and refunds around them, copied from the engine
/// while it still holds them.
public struct IncidentLog: Sendable {
    /// One alert's effect on its incident.
    public enum Change: Sendable, Equatable {
        case opened
        case updated
        case resolved
    }

    public private(set) var records: [String: IncidentRecord] = [:]
    /// Alert ids in the order their incidents opened.
    private var order: [String] = []
    /// Resolved incidents kept beyond the open ones (`nil`: all, as a report wants).
    public let resolvedLimit: Int?

    public init(resolvedLimit: Int? = nil) {
        self.resolvedLimit = resolvedLimit
    }

    /// Incidents in the order they opened.
    public var incidents: [IncidentRecord] { order.compactMap { records[$0] } }

    /// Open incidents, most severe first, then oldest first.
    public var open: [IncidentRecord] {
        incidents.filter(\.isOpen).sorted {
            $0.severity != $1.severity ? $0.severity > $1.severity : $0.openedAt < $1.openedAt
        }
    }

    /// Files `alerts` under their incidents and refreshes the charted minutes of shop incidents from `engine`;
    /// returns each alert's change, in order.
    @discardableResult
    public mutating func record(_ alerts: [Alert], engine: Engine) -> [(Alert, Change)] {
        var changes: [(Alert, Change)] = []
        var opened: [String] = []
        for alert in alerts {
            if var record = records[alert.alertID] {
                record.append(alert)
                records[alert.alertID] = record
            } else {
                records[alert.alertID] = IncidentRecord(first: alert)
                order.append(alert.alertID)
                opened.append(alert.alertID)
            }
            changes.append((alert, alert.status == .open ? .opened : alert.status == .resolved ? .resolved : .updated))
        }
        for id in Set(alerts.map(\.alertID)) { refreshMinutes(id, engine: engine) }
        for id in opened { borrowMinutes(id, eventTime: engine.eventTime) }
        trim()
        return changes
    }

    /// Copies the latest per-minute counts of every open shop incident from `engine`.
    public mutating func refreshOpen(engine: Engine) {
        for id in order where records[id]?.isOpen == true { refreshMinutes(id, engine: engine) }
    }

    private mutating func refreshMinutes(_ id: String, engine: Engine) {
        guard var record = records[id], record.subject.kind == .shop,
            let history = engine.minuteHistory(shop: record.subject.id)
        else { return }
        record.refreshMinutes(from: history, through: engine.eventTime)
        records[id] = record
    }

    /// Fills a new shop incident's chart with the older minutes its shop's earlier incidents kept, newest first.
    private mutating func borrowMinutes(_ id: String, eventTime: Int64?) {
        guard var record = records[id], record.subject.kind == .shop else { return }
        for other in order.reversed() where other != id {
            guard let lender = records[other], lender.subject == record.subject else { continue }
            record.borrowMinutes(from: lender, through: eventTime)
        }
        records[id] = record
    }

    private mutating func trim() {
        guard let resolvedLimit else { return }
        var resolved = order.filter { records[$0]?.isOpen == false }
        guard resolved.count > resolvedLimit else { return }
        resolved.removeLast(resolvedLimit)
        let dropped = Set(resolved)
        for id in dropped { records[id] = nil }
        order.removeAll { dropped.contains($0) }
    }
}
