/// How urgent an alert is, in rising order.
public enum Severity: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case info = 0
    case low
    case medium
    case high
    case critical

    public var description: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public init?(name: String) {
        guard let value = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = value
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where an alert stands in its incident's life.
public enum AlertStatus: String, Sendable {
    case open
    case update
    case resolved
}

/// What an alert is about.
public struct AlertSubject: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        case shop
        case phone
        case address
        case buyer
    }

    public var kind: Kind
    /// A shop or buyer id as the platform names it, or a fingerprint id for phones and addresses.
    public var id: String
    /// A masked display form for fingerprints (`138****5678`); `nil` for shops and buyers.
    public var display: String?

    public init(kind: Kind, id: String, display: String? = nil) {
        self.kind = kind
        self.id = id
        self.display = display
    }
}

/// One number in an alert's `metrics` object, kept in the order the detector wrote it.
public struct AlertMetric: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var isInteger: Bool

    public init(_ name: String, _ value: Int) {
        self.name = name
        self.value = Double(value)
        self.isInteger = true
    }

    /// A ratio or share. A non-finite value (a division by zero upstream) is recorded as 0 with a
    /// debug-build assertion, so an alert always satisfies its schema, whose metrics are finite numbers.
    public init(_ name: String, _ value: Double) {
        assert(value.isFinite, "metric \(name) is \(value)")
        self.name = name
        self.value = value.isFinite ? value : 0
        self.isInteger = false
    }
}

/// One alert of alert contract v1. Carries no raw personal data.
public struct Alert: Sendable, Equatable {
    public var alertID: String
    public var rule: String
    public var severity: Severity
    public var status: AlertStatus
    public var subject: AlertSubject
    /// Window start and end, epoch milliseconds.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// The event time at which this alert was produced, epoch milliseconds.
    public var eventTime: Int64
    public var metrics: [AlertMetric]
    public var evidenceOrderIDs: [String]
    public var evidenceBuyerIDs: [String]
    public var summary: String
    /// The version of the rules file the alert was produced under (``Rules/version(ofFile:)``); `nil` under the
    /// built-in defaults, and then left out of the JSON.
    public var rulesVersion: String?
    /// Produced by the daemon's shadow rules: such alerts go only to the shadow sink, never to webhooks.
    public var shadow = false

    public init(
        alertID: String, rule: String, severity: Severity, status: AlertStatus, subject: AlertSubject,
        windowStart: Int64, windowEnd: Int64, eventTime: Int64, metrics: [AlertMetric],
        evidenceOrderIDs: [String], evidenceBuyerIDs: [String], summary: String
    ) {
        self.alertID = alertID
        self.rule = rule
        self.severity = severity
        self.status = status
        self.subject = subject
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.eventTime = eventTime
        self.metrics = metrics
        self.evidenceOrderIDs = evidenceOrderIDs
        self.evidenceBuyerIDs = evidenceBuyerIDs
        self.summary = summary
    }

    /// The value of a named metric, if the alert carries it.
    public func metric(_ name: String) -> Double? {
        metrics.first(where: { $0.name == name })?.value
    }
}
