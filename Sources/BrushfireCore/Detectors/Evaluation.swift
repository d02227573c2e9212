extension Engine {
    /// Runs the detectors at pane boundary `time` for every shop touched since the last tick and every shop
    /// with something open. Order is deterministic: shops in the order they were first touched.
    mutating func evaluate(at time: Int64) {
        var candidates = dirtyShops
        for shop in dirtyShops { shops[Int(shop)].dirty = false }
        dirtyShops.removeAll(keepingCapacity: true)
        if !watchedShops.isEmpty {
            let dirtySet = Set(candidates)
            candidates += watchedShops.filter { !dirtySet.contains($0) }.sorted()
        }
        for shop in candidates {
            evaluateShop(shop, at: time)
        }
        evaluateRings(at: time)
    }

    mutating func evaluateShop(_ shop: Int32, at time: Int64) {
        if rules.orderBurst.enabled { evaluateOrderBurst(shop, at: time) }
        if rules.reverseBrushing.enabled { evaluateReverseBrushing(shop, at: time) }
        if rules.refundStorm.enabled { evaluateRefundStorm(shop, at: time) }
        let s = Int(shop)
        let open =
            shops[s].burst != nil || !shops[s].bursts.isEmpty
            || (!incidents.isEmpty
                && incidents[IncidentKey(rule: RuleName.refundStorm, subject: shops[s].id)]?.isOpen == true)
        if open { watchedShops.insert(shop) } else { watchedShops.remove(shop) }
    }

    /// Opens, updates or resolves the incident for `key` and emits the alert it calls for.
    mutating func drive(
        _ key: IncidentKey, holds: Bool, at time: Int64, windowStart: Int64, count: Int, severity: Severity,
        resolveAfter: Int64, subject: AlertSubject, alert: (Incident, AlertStatus) -> Alert
    ) {
        if var incident = incidents[key], incident.isOpen {
            let action =
                holds
                ? incident.held(at: time, count: count, severity: severity, growth: rules.incidents.updateGrowth)
                : incident.quiet(at: time, resolveAfter: resolveAfter)
            if case .emit(let status) = action {
                var made = alert(incident, status)
                if status == .resolved { made.windowEnd = incident.windowEnd }
                incident.lastAlert = made
                emit(made)
            }
            incidents[key] = incident
        } else if holds {
            var incident = Incident(
                rule: key.rule, subject: subject, at: time, windowStart: windowStart, count: count, severity: severity)
            let made = alert(incident, .open)
            incident.lastAlert = made
            incidents[key] = incident
            emit(made)
        }
    }

    /// Open incidents, most severe first, then oldest first.
    public var openIncidents: [Incident] {
        incidents.values.filter(\.isOpen).sorted {
            $0.severity != $1.severity
                ? $0.severity > $1.severity : ($0.openedAt, $0.alertID) < ($1.openedAt, $1.alertID)
        }
    }
}

/// The rule names alerts carry.
public enum RuleName {
    public static let orderBurst = "order_burst"
    public static let reverseBrushing = "reverse_brushing"
    public static let refundStorm = "refund_storm"
}

/// Number formatting for summaries a person reads.
enum Say {
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    static func ratio(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded()))×" : JSONWriter.formatNumber((value * 10).rounded() / 10) + "×"
    }

    static func duration(_ millis: Int64) -> String {
        let minutes = Int((Double(millis) / 60_000).rounded())
        if minutes < 120 { return "\(max(minutes, 1)) min" }
        let hours = Double(millis) / 3_600_000
        return hours < 48 ? "\(Int(hours.rounded())) h" : "\(Int((hours / 24).rounded())) days"
    }
}
