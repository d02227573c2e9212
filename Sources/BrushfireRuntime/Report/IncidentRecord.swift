import BrushfireCore

/// One incident as an operator or an appeal reads it: every alert it produced (its moments) and, for a shop, the
/// shop's orders and refunds per minute around it.
public struct IncidentRecord: Sendable {
    public let alertID: String
    public let rule: String
    public let subject: AlertSubject
    /// The alerts in the order they were emitted; the first is the `open` alert.
    public private(set) var alerts: [Alert]
    /// Orders and refunds per minute of the subject shop around the incident, oldest first; empty for subjects
    /// that are not shops.
    public private(set) var minutes: [MinuteHistory.Minute] = []

    /// Most alerts kept per incident; beyond it the first and the latest ones are kept.
    static let alertLimit = 64
    /// Minutes charted before the incident's window opens.
    static let leadMinutes: Int64 = 60
    /// Minutes charted after the latest alert.
    static let tailMinutes: Int64 = 15

    init(first alert: Alert) {
        alertID = alert.alertID
        rule = alert.rule
        subject = alert.subject
        alerts = [alert]
    }

    public var latest: Alert { alerts[alerts.count - 1] }
    public var isOpen: Bool { latest.status != .resolved }
    public var severity: Severity { alerts.map(\.severity).max() ?? latest.severity }
    public var openedAt: Int64 { alerts[0].eventTime }

    /// The span a chart of this incident covers: an hour before its window to a quarter of an hour after its latest
    /// alert (or `through`, when the incident is still open and event time has moved on), in epoch milliseconds.
    public func chartSpan(through eventTime: Int64? = nil) -> (start: Int64, end: Int64) {
        let start = (min(latest.windowStart, alerts[0].windowStart) / 60_000 - Self.leadMinutes) * 60_000
        var end = max(latest.eventTime, latest.windowEnd)
        if isOpen, let eventTime {
            end = max(end, eventTime)
        } else {
            end += Self.tailMinutes * 60_000
        }
        return (start, (end / 60_000 + 1) * 60_000)
    }

    mutating func append(_ alert: Alert) {
        if alerts.count == Self.alertLimit { alerts.remove(at: 1) }
        alerts.append(alert)
    }

    /// Replaces the charted minutes within the chart span with `history`'s, keeping older ones it no longer holds.
    mutating func refreshMinutes(from history: MinuteHistory, through eventTime: Int64?) {
        guard subject.kind == .shop else { return }
        let span = chartSpan(through: eventTime)
        let fresh = history.minutes(from: span.start, to: span.end)
        let firstFresh = fresh.first?.minute ?? Int64.max
        minutes = minutes.filter { $0.minute >= span.start / 60_000 && $0.minute < firstFresh } + fresh
    }

    /// Takes the minutes of its chart span that come before the first one it holds from `other`, an incident of the
    /// same shop charted while the engine still held them: a `reverse_brushing` incident opens when the refunds
    /// come, perhaps more than a day after the burst its window starts with, which the engine has forgotten by then.
    mutating func borrowMinutes(from other: IncidentRecord, through eventTime: Int64?) {
        guard subject == other.subject, let lent = other.minutes.first, !other.minutes.isEmpty else { return }
        let start = chartSpan(through: eventTime).start / 60_000
        let first = minutes.first?.minute ?? Int64.max
        guard lent.minute < first, other.minutes[other.minutes.count - 1].minute >= start else { return }
        let older = other.minutes.filter { $0.minute >= start && $0.minute < first }
        minutes = older + minutes
    }
}
