/// One incident's life: opened once, updated when it grows materially or its severity changes, resolved
/// after it has been quiet long enough. A value-type state machine; the detectors feed it and act on what it
/// returns, so alerts escalate instead of storming.
public struct Incident: Sendable, Equatable {
    public let alertID: String
    public let rule: String
    public let subject: AlertSubject
    public let openedAt: Int64
    public internal(set) var severity: Severity
    public internal(set) var isOpen = true
    public var windowStart: Int64
    public var windowEnd: Int64
    /// Event time at which the condition last held.
    public internal(set) var lastHeld: Int64
    /// The main count (orders, refunds, linked accounts…) when the last alert went out.
    public internal(set) var lastEmittedCount: Int
    public internal(set) var lastEmittedSeverity: Severity
    /// The most recent alert, so the incident can be listed and resolved with its latest figures.
    public var lastAlert: Alert?

    /// What the caller should do after feeding the state machine.
    public enum Action: Sendable, Equatable {
        case none
        case emit(AlertStatus)
    }

    /// A stable id: the same rule, subject and opening time always give the same `alert_id`.
    public static func alertID(rule: String, subject: String, openedAt: Int64) -> String {
        let hash = StableHash.combine(StableHash.of("\(rule)|\(subject)"), UInt64(bitPattern: openedAt))
        return "brf-" + StableHash.hex(hash)
    }

    /// Opens an incident; the caller emits its `open` alert.
    public init(rule: String, subject: AlertSubject, at time: Int64, windowStart: Int64, count: Int, severity: Severity)
    {
        self.alertID = Self.alertID(rule: rule, subject: subject.id, openedAt: time)
        self.rule = rule
        self.subject = subject
        self.openedAt = time
        self.severity = severity
        self.windowStart = windowStart
        self.windowEnd = time
        self.lastHeld = time
        self.lastEmittedCount = count
        self.lastEmittedSeverity = severity
    }

    /// The condition still holds at `time` with the given count and severity.
    public mutating func held(at time: Int64, count: Int, severity newSeverity: Severity, growth: Double) -> Action {
        guard isOpen else { return .none }
        lastHeld = time
        windowEnd = time
        severity = max(severity, newSeverity)
        if severity > lastEmittedSeverity || Double(count) >= Double(max(lastEmittedCount, 1)) * growth {
            lastEmittedCount = count
            lastEmittedSeverity = severity
            return .emit(.update)
        }
        return .none
    }

    /// Closes the incident at once: it became part of another (see `IncidentTracker.merge`).
    mutating func close() {
        isOpen = false
    }

    /// The condition did not hold at `time`; resolves once it has been quiet for `resolveAfter`.
    public mutating func quiet(at time: Int64, resolveAfter: Int64) -> Action {
        guard isOpen, time - lastHeld >= resolveAfter else { return .none }
        isOpen = false
        return .emit(.resolved)
    }
}
