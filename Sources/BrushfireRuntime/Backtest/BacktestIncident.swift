import BrushfireCore

/// One incident of a backtest run, summed up from its alerts: what it was about, when it first alerted, how severe
/// and how large it grew, and the event-time span it covered.
public struct BacktestIncident: Sendable, Equatable {
    public var alertID: String
    public var rule: String
    public var subject: AlertSubject
    /// Earliest window start and latest window end or alert time among its alerts, epoch ms.
    public var start: Int64
    public var end: Int64
    /// Event time of its `open` alert.
    public var firstAlert: Int64
    /// The highest severity it reached.
    public var severity: Severity
    /// Its main count at its largest: the first figure of its alerts (orders, refunds, linked accounts…).
    public var size: Int
    public var alerts: Int
    public var resolved: Bool

    init(first alert: Alert) {
        alertID = alert.alertID
        rule = alert.rule
        subject = alert.subject
        start = alert.windowStart
        end = max(alert.windowEnd, alert.eventTime)
        firstAlert = alert.eventTime
        severity = alert.severity
        size = alert.metrics.first.map { Int($0.value) } ?? 0
        alerts = 1
        resolved = alert.status == .resolved
    }

    mutating func add(_ alert: Alert) {
        start = min(start, alert.windowStart)
        end = max(end, alert.windowEnd, alert.eventTime)
        severity = max(severity, alert.severity)
        size = max(size, alert.metrics.first.map { Int($0.value) } ?? 0)
        alerts += 1
        resolved = alert.status == .resolved
    }

    /// The incidents `alerts` belong to, in the order they opened. An `alert_id` names one incident within one
    /// run (it depends on the rules, so it never matches incidents across runs).
    public static func incidents(of alerts: [Alert]) -> [BacktestIncident] {
        var order: [String] = []
        var byID: [String: BacktestIncident] = [:]
        for alert in alerts {
            if byID[alert.alertID] == nil {
                byID[alert.alertID] = BacktestIncident(first: alert)
                order.append(alert.alertID)
            } else {
                byID[alert.alertID]!.add(alert)
            }
        }
        return order.map { byID[$0]! }
    }

    /// Whether the two incidents' spans of event time overlap.
    func overlaps(_ other: BacktestIncident) -> Bool {
        start <= other.end && other.start <= end
    }
}
