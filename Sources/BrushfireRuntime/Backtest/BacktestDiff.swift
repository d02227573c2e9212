import BrushfireCore

/// The difference between the incidents of two runs over the same events, by incident: opened only under the
/// candidate rules (`added`), only under the baseline (`removed`), or under both but different in severity, time
/// of first alert or size (`changed`). Incidents are matched by rule, subject and overlapping spans of event time,
/// never by `alert_id` (which depends on the rules).
public struct BacktestDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case added
        case removed
        case changed
    }

    /// One incident that differs.
    public struct Entry: Sendable {
        public var change: Change
        public var rule: String
        public var baseline: BacktestIncident?
        public var candidate: BacktestIncident?
        /// For `changed`: what differs, e.g. `severity medium → high`.
        public var differences: [String]

        public var subject: AlertSubject { (candidate ?? baseline)!.subject }
    }

    /// Counts for one rule (or, as ``totals``, all of them).
    public struct Counts: Sendable, Equatable {
        public var rule: String
        public var baseline = 0
        public var candidate = 0
        public var added = 0
        public var removed = 0
        public var changed = 0
        public var unchanged = 0

        public var differs: Bool { added + removed + changed > 0 }
    }

    public private(set) var entries: [Entry] = []
    public private(set) var rules: [Counts] = []
    public private(set) var totals = Counts(rule: "total")

    /// Whether anything differs.
    public var isEmpty: Bool { !totals.differs }

    public init(baseline: [BacktestIncident], candidate: [BacktestIncident]) {
        struct Key: Hashable {
            var rule: String
            var kind: String
            var id: String
        }
        func key(_ incident: BacktestIncident) -> Key {
            Key(rule: incident.rule, kind: incident.subject.kind.rawValue, id: incident.subject.id)
        }
        var unmatched: [Key: [BacktestIncident]] = [:]
        for incident in baseline { unmatched[key(incident), default: []].append(incident) }
        var counts: [String: Counts] = [:]
        for incident in baseline { counts[incident.rule, default: Counts(rule: incident.rule)].baseline += 1 }
        for incident in candidate { counts[incident.rule, default: Counts(rule: incident.rule)].candidate += 1 }
        for incident in candidate {
            let k = key(incident)
            if let index = unmatched[k]?.firstIndex(where: { $0.overlaps(incident) }) {
                let old = unmatched[k]!.remove(at: index)
                let differences = Self.differences(old, incident)
                if differences.isEmpty {
                    counts[incident.rule]!.unchanged += 1
                } else {
                    counts[incident.rule]!.changed += 1
                    entries.append(
                        Entry(
                            change: .changed, rule: incident.rule, baseline: old, candidate: incident,
                            differences: differences))
                }
            } else {
                counts[incident.rule]!.added += 1
                entries.append(
                    Entry(change: .added, rule: incident.rule, baseline: nil, candidate: incident, differences: []))
            }
        }
        for incident in baseline where unmatched[key(incident)]?.contains(incident) == true {
            counts[incident.rule]!.removed += 1
            entries.append(
                Entry(change: .removed, rule: incident.rule, baseline: incident, candidate: nil, differences: []))
        }
        entries.sort { a, b in
            let at = (a.candidate ?? a.baseline)!.firstAlert
            let bt = (b.candidate ?? b.baseline)!.firstAlert
            return (a.rule, at, a.subject.id) < (b.rule, bt, b.subject.id)
        }
        rules = counts.values.sorted { $0.rule < $1.rule }
        for rule in rules {
            totals.baseline += rule.baseline
            totals.candidate += rule.candidate
            totals.added += rule.added
            totals.removed += rule.removed
            totals.changed += rule.changed
            totals.unchanged += rule.unchanged
        }
    }

    static func differences(_ old: BacktestIncident, _ new: BacktestIncident) -> [String] {
        var out: [String] = []
        if old.severity != new.severity { out.append("severity \(old.severity) → \(new.severity)") }
        if old.firstAlert != new.firstAlert {
            out.append("first alert \(Timestamp.format(old.firstAlert)) → \(Timestamp.format(new.firstAlert))")
        }
        if old.size != new.size { out.append("size \(old.size) → \(new.size)") }
        return out
    }

    // MARK: Output

    /// The difference for a person: a table of counts per rule, then one line per differing incident.
    public func text(baseline: String, candidate: String) -> String {
        var lines = ["backtest: baseline \(baseline), candidate \(candidate)"]
        let header = ["rule", "baseline", "candidate", "added", "removed", "changed", "unchanged"]
        var rows = [header]
        for counts in rules + [totals] {
            rows.append(
                [
                    counts.rule, "\(counts.baseline)", "\(counts.candidate)", "\(counts.added)", "\(counts.removed)",
                    "\(counts.changed)", "\(counts.unchanged)",
                ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }
            lines.append("  " + cells.joined(separator: "  "))
        }
        if isEmpty {
            lines.append("no difference")
        } else {
            for entry in entries { lines.append(Self.line(entry)) }
        }
        return lines.joined(separator: "\n")
    }

    static func line(_ entry: Entry) -> String {
        let subject = "\(entry.subject.kind.rawValue) \(entry.subject.display ?? entry.subject.id)"
        func describe(_ incident: BacktestIncident) -> String {
            "\(incident.severity), first alert \(Timestamp.format(incident.firstAlert)), size \(incident.size)"
        }
        switch entry.change {
        case .added: return "added    \(entry.rule) \(subject): \(describe(entry.candidate!))"
        case .removed: return "removed  \(entry.rule) \(subject): \(describe(entry.baseline!))"
        case .changed: return "changed  \(entry.rule) \(subject): \(entry.differences.joined(separator: "; "))"
        }
    }

    /// The difference for machines, one JSON document (see README, "Backtest").
    public func json(baseline: String, candidate: String, baselineVersion: String?, candidateVersion: String?)
        -> String
    {
        var w = JSONWriter()
        w.beginObject()
        w.key("baseline")
        side(&w, baseline, baselineVersion)
        w.key("candidate")
        side(&w, candidate, candidateVersion)
        w.key("differs")
        w.bool(!isEmpty)
        w.key("totals")
        Self.write(totals, &w)
        w.key("rules")
        w.beginObject()
        for counts in rules {
            w.key(counts.rule)
            Self.write(counts, &w)
        }
        w.endObject()
        w.key("incidents")
        w.beginArray()
        for entry in entries {
            w.beginObject()
            w.key("change")
            w.string(entry.change.rawValue)
            w.key("rule")
            w.string(entry.rule)
            w.key("subject")
            w.beginObject()
            w.key("kind")
            w.string(entry.subject.kind.rawValue)
            w.key("id")
            w.string(entry.subject.id)
            if let display = entry.subject.display {
                w.key("display")
                w.string(display)
            }
            w.endObject()
            if let incident = entry.baseline {
                w.key("baseline")
                Self.write(incident, &w)
            }
            if let incident = entry.candidate {
                w.key("candidate")
                Self.write(incident, &w)
            }
            if !entry.differences.isEmpty {
                w.key("differences")
                w.stringArray(entry.differences)
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }

    private func side(_ w: inout JSONWriter, _ name: String, _ version: String?) {
        w.beginObject()
        w.key("rules")
        w.string(name)
        w.key("rules_version")
        if let version { w.string(version) } else { w.null() }
        w.endObject()
    }

    private static func write(_ counts: Counts, _ w: inout JSONWriter) {
        w.beginObject()
        for (name, value) in [
            ("baseline", counts.baseline), ("candidate", counts.candidate), ("added", counts.added),
            ("removed", counts.removed), ("changed", counts.changed), ("unchanged", counts.unchanged),
        ] {
            w.key(name)
            w.integer(Int64(value))
        }
        w.endObject()
    }

    private static func write(_ incident: BacktestIncident, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("alert_id")
        w.string(incident.alertID)
        w.key("severity")
        w.string(incident.severity.description)
        w.key("first_alert")
        w.string(Timestamp.format(incident.firstAlert))
        w.key("start")
        w.string(Timestamp.format(incident.start))
        w.key("end")
        w.string(Timestamp.format(incident.end))
        w.key("size")
        w.integer(Int64(incident.size))
        w.key("alerts")
        w.integer(Int64(incident.alerts))
        w.key("resolved")
        w.bool(incident.resolved)
        w.endObject()
    }
}
