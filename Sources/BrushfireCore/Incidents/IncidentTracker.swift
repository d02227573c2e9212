/// Identifies an incident: one rule about one subject.
struct IncidentKey: Hashable, Sendable {
    var rule: String
    var subject: String
}

/// What an operator found about one subject at a pane boundary: whether its rule's condition holds, how large
/// and how severe it is, and the figures its alert reports. Operators compute findings; the tracker decides what
/// they mean for the incident; each operator's alert file turns the figures into words.
struct Finding<Figures> {
    var key: IncidentKey
    var subject: AlertSubject
    var holds: Bool
    /// Where the incident's window starts when this finding opens it.
    var windowStart: Int64
    /// The main count (orders, refunds, accounts…) whose growth makes an update worth sending.
    var count: Int
    var severity: Severity
    /// How long the condition must stay quiet before the incident resolves.
    var resolveAfter: Int64
    /// The resolving alert repeats the last alert's figures and evidence, as they stood when the condition last
    /// held, rather than the empty window that let it resolve.
    var resolvesWithLastAlert = false
    var figures: Figures
}

/// Turns findings into alerts: one incident per rule and subject with one `alert_id`, opened once, updated when
/// it grows materially or escalates, resolved after a quiet spell. Every alert the engine emits goes through here.
struct IncidentTracker: Sendable {
    var incidents: [IncidentKey: Incident] = [:]
    /// Growth of an incident's count that is worth an update (`incidents.update_growth`).
    var updateGrowth: Double
    /// The language of the summaries (`incidents.locale`).
    var locale: AlertLocale
    /// Alerts emitted since the last drain, in emission order.
    private(set) var output: [Alert] = []

    init(updateGrowth: Double, locale: AlertLocale = .en) {
        self.updateGrowth = updateGrowth
        self.locale = locale
    }

    func isOpen(_ key: IncidentKey) -> Bool {
        !incidents.isEmpty && incidents[key]?.isOpen == true
    }

    /// Whether the tracker holds `key`, open or resolved.
    func holds(_ key: IncidentKey) -> Bool {
        incidents[key] != nil
    }

    /// Opens, updates or resolves the incident of `finding` at `time`, emitting the alert that calls for (built by
    /// `alert` from the finding's figures). Returns whether the incident is open afterwards.
    @discardableResult
    mutating func drive<Figures>(
        _ finding: Finding<Figures>, at time: Int64, alert englishAlert: (Figures, Incident, AlertStatus) -> Alert
    ) -> Bool {
        let locale = self.locale
        func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
            var made = englishAlert(figures, incident, status)
            // Figures without a Chinese text (a rule added since) keep the English summary.
            if locale == .zhCN, let figures = figures as? any ChineseSummary {
                made.summary = figures.chineseSummary(incident)
            }
            return made
        }
        let key = finding.key
        if var incident = incidents[key], incident.isOpen {
            let action =
                finding.holds
                ? incident.held(at: time, count: finding.count, severity: finding.severity, growth: updateGrowth)
                : incident.quiet(at: time, resolveAfter: finding.resolveAfter)
            if case .emit(let status) = action {
                var made =
                    status == .resolved && finding.resolvesWithLastAlert
                    ? Alert.resolving(incident, at: time) ?? alert(finding.figures, incident, status)
                    : alert(finding.figures, incident, status)
                if status == .resolved { made.windowEnd = incident.windowEnd }
                incident.lastAlert = made
                output.append(made)
            }
            incidents[key] = incident
            return incident.isOpen
        } else if finding.holds {
            var incident = Incident(
                rule: key.rule, subject: finding.subject, at: time, windowStart: finding.windowStart,
                count: finding.count, severity: finding.severity)
            let made = alert(finding.figures, incident, .open)
            incident.lastAlert = made
            incidents[key] = incident
            output.append(made)
            return true
        }
        return false
    }

    /// Resolves the open incident of `key` because it turned out to be part of the incident of `survivor`, which
    /// carries on: its `resolved` alert repeats its last figures and evidence, and its summary names the
    /// survivor's `alert_id`. Nothing happens when `key` has no open incident.
    mutating func merge(_ key: IncidentKey, into survivor: IncidentKey, at time: Int64) {
        guard var incident = incidents[key], incident.isOpen, var made = Alert.resolving(incident, at: time) else {
            return
        }
        incident.close()
        made.windowEnd = incident.windowEnd
        if let carrier = incidents[survivor]?.alertID {
            made.summary +=
                locale == .zhCN
                ? "（已并入事件 \(carrier)：同一团伙）"
                : " — merged into incident \(carrier): the same ring, linked through shared accounts"
        }
        incident.lastAlert = made
        incidents[key] = incident
        output.append(made)
    }

    /// Forgets an incident (its rule no longer watches the subject).
    mutating func forget(_ key: IncidentKey) {
        incidents[key] = nil
    }

    /// The alerts emitted since the last call.
    mutating func drain() -> [Alert] {
        let alerts = output
        output.removeAll(keepingCapacity: true)
        return alerts
    }

    /// Open incidents, most severe first, then oldest first.
    var open: [Incident] {
        incidents.values.filter(\.isOpen).sorted {
            $0.severity != $1.severity
                ? $0.severity > $1.severity : ($0.openedAt, $0.alertID) < ($1.openedAt, $1.alertID)
        }
    }

    var openCount: Int { incidents.values.reduce(0) { $0 + ($1.isOpen ? 1 : 0) } }
}

extension Alert {
    /// The alert that resolves an incident: its last alert's figures and evidence, as they stood when the
    /// condition last held, rather than the empty window that let it resolve.
    static func resolving(_ incident: Incident, at time: Int64) -> Alert? {
        guard var last = incident.lastAlert else { return nil }
        last.status = .resolved
        last.eventTime = time
        last.severity = incident.severity
        return last
    }
}
