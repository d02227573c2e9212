import BrushfireCore

/// What the evidence collector keeps about one shop it tracks (a shop with an incident): its normal as the engine
/// saw it at the first alert, its orders and refunds per minute from a day before that alert onwards, the masked
/// orders placed while an incident was open, the refunds, and the alerts of its incidents. Codable, so that the
/// daemon can keep it across restarts.
public struct ShopEvidence: Sendable, Codable, Equatable {
    /// One alert of one of the shop's incidents, as the pack cites it.
    public struct AlertEntry: Sendable, Codable, Equatable {
        public var alertID: String
        public var rule: String
        public var severity: String
        public var status: String
        public var windowStart: Int64
        public var windowEnd: Int64
        public var eventTime: Int64
        /// `[name, value]` in the order the detector wrote them.
        public var metrics: [Metric]
        public var summary: String

        public struct Metric: Sendable, Codable, Equatable {
            public var name: String
            public var value: Double
        }

        init(_ alert: Alert) {
            alertID = alert.alertID
            rule = alert.rule
            severity = alert.severity.description
            status = alert.status.rawValue
            windowStart = alert.windowStart
            windowEnd = alert.windowEnd
            eventTime = alert.eventTime
            metrics = alert.metrics.map { Metric(name: $0.name, value: $0.value) }
            summary = alert.summary
        }

        enum CodingKeys: String, CodingKey {
            case rule, severity, status, metrics, summary
            case alertID = "alert_id"
            case windowStart = "window_start_ms"
            case windowEnd = "window_end_ms"
            case eventTime = "event_time_ms"
        }
    }

    /// One incident of the shop: its alerts, the first and the latest few.
    public struct IncidentEntry: Sendable, Codable, Equatable {
        public var alertID: String
        public var rule: String
        public var alerts: [AlertEntry]

        public var latest: AlertEntry { alerts[alerts.count - 1] }
        public var isOpen: Bool { latest.status != AlertStatus.resolved.rawValue }
        public var severity: Severity {
            alerts.compactMap { Severity(name: $0.severity) }.max() ?? .info
        }

        static let alertLimit = 64

        mutating func append(_ alert: AlertEntry) {
            if alerts.count == Self.alertLimit { alerts.remove(at: 1) }
            alerts.append(alert)
        }

        enum CodingKeys: String, CodingKey {
            case rule, alerts
            case alertID = "alert_id"
        }
    }

    /// Orders and refunds in one minute of event time.
    public struct Minute: Sendable, Codable, Equatable {
        public var minute: Int64
        public var orders: Int
        public var refunds: Int
    }

    public var shopID: String
    public var trackedSince: Int64
    public var baseline: BaselineTrace
    /// Sparse, oldest first: minutes with any order or refund.
    public var minutes: [Minute]
    public var orders: [OrderTrace] = []
    /// Orders placed while an incident was open that the list had no room for.
    public var ordersNotKept = 0
    public var refunds: [RefundTrace] = []
    public var refundsNotKept = 0
    public var incidents: [IncidentEntry] = []
    public var lastAlertAt: Int64
    /// Event time the last incident resolved, while none is open.
    public var quietSince: Int64?

    init(first alert: Alert, baseline: BaselineTrace, minutes: [MinuteHistory.Minute]) {
        shopID = alert.subject.id
        trackedSince = alert.eventTime
        self.baseline = baseline
        self.minutes = minutes.map { Minute(minute: $0.minute, orders: Int($0.orders), refunds: Int($0.refunds)) }
        lastAlertAt = alert.eventTime
    }

    var hasOpenIncident: Bool { incidents.contains(where: \.isOpen) }

    /// Orders are listed while an incident is open and for a quarter of an hour after the last one resolved.
    func listsOrders(at time: Int64) -> Bool {
        guard let quietSince else { return true }
        return time < quietSince + 15 * 60_000
    }

    mutating func record(_ alert: Alert) {
        let entry = AlertEntry(alert)
        if let index = incidents.firstIndex(where: { $0.alertID == alert.alertID }) {
            incidents[index].append(entry)
        } else {
            incidents.append(IncidentEntry(alertID: alert.alertID, rule: alert.rule, alerts: [entry]))
        }
        lastAlertAt = alert.eventTime
        quietSince = hasOpenIncident ? nil : alert.eventTime
    }

    mutating func count(_ type: EventType, at timestamp: Int64) {
        let minute = timestamp / 60_000
        if let last = minutes.last, last.minute >= minute {
            if type == .order {
                minutes[minutes.count - 1].orders += 1
            } else {
                minutes[minutes.count - 1].refunds += 1
            }
            return
        }
        minutes.append(Minute(minute: minute, orders: type == .order ? 1 : 0, refunds: type == .refund ? 1 : 0))
    }

    enum CodingKeys: String, CodingKey {
        case baseline, minutes, orders, refunds, incidents
        case shopID = "shop_id"
        case trackedSince = "tracked_since_ms"
        case ordersNotKept = "orders_not_kept"
        case refundsNotKept = "refunds_not_kept"
        case lastAlertAt = "last_alert_ms"
        case quietSince = "quiet_since_ms"
    }
}
