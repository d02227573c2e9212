import BrushfireCore

/// An incident as JSON for the admin API, the live page and the report: its latest figures, its moments and,
/// when asked, its chart. Platform ids and fingerprints only; alerts never carry raw personal data.
public struct IncidentDocument: Codable, Sendable, Equatable {
    public struct Subject: Codable, Sendable, Equatable {
        public var kind: String
        public var id: String
        public var display: String?
    }

    /// One alert of the incident: when it went out and what it said.
    public struct Moment: Codable, Sendable, Equatable {
        public var status: String
        public var severity: String
        public var eventTime: Int64
        public var summary: String

        enum CodingKeys: String, CodingKey {
            case status, severity, summary
            case eventTime = "event_time_ms"
        }
    }

    /// Orders and refunds per minute: `minutes` holds `[epoch minute, orders, refunds]` for minutes with any.
    public struct Chart: Codable, Sendable, Equatable {
        public var shop: String
        public var start: Int64
        public var end: Int64
        public var minutes: [[Int64]]

        enum CodingKeys: String, CodingKey {
            case shop, minutes
            case start = "start_ms"
            case end = "end_ms"
        }
    }

    public var alertID: String
    public var rule: String
    public var severity: String
    public var status: String
    public var open: Bool
    public var subject: Subject
    public var openedAt: Int64
    public var windowStart: Int64
    public var windowEnd: Int64
    public var summary: String
    public var metrics: [String: Double]
    public var evidenceOrderIDs: [String]
    public var evidenceBuyerIDs: [String]
    public var moments: [Moment]
    public var chart: Chart?

    enum CodingKeys: String, CodingKey {
        case rule, severity, status, open, subject, summary, metrics, moments, chart
        case alertID = "alert_id"
        case openedAt = "opened_at_ms"
        case windowStart = "window_start_ms"
        case windowEnd = "window_end_ms"
        case evidenceOrderIDs = "evidence_order_ids"
        case evidenceBuyerIDs = "evidence_buyer_ids"
    }

    /// The document of `record`; with `chart`, its per-minute chart up to `eventTime` for an open incident.
    public init(_ record: IncidentRecord, chart: Bool, eventTime: Int64? = nil) {
        let latest = record.latest
        alertID = record.alertID
        rule = record.rule
        severity = record.severity.description
        status = latest.status.rawValue
        open = record.isOpen
        subject = Subject(kind: record.subject.kind.rawValue, id: record.subject.id, display: record.subject.display)
        openedAt = record.openedAt
        windowStart = latest.windowStart
        windowEnd = latest.windowEnd
        summary = latest.summary
        metrics = Dictionary(latest.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        evidenceOrderIDs = latest.evidenceOrderIDs
        evidenceBuyerIDs = latest.evidenceBuyerIDs
        moments = record.alerts.map {
            Moment(
                status: $0.status.rawValue, severity: $0.severity.description, eventTime: $0.eventTime,
                summary: $0.summary)
        }
        if chart && record.subject.kind == .shop {
            let span = record.chartSpan(through: eventTime)
            self.chart = Chart(
                shop: record.subject.id, start: span.start, end: span.end,
                minutes: record.minutes.map { [$0.minute, Int64($0.orders), Int64($0.refunds)] })
        } else {
            self.chart = nil
        }
    }
}
