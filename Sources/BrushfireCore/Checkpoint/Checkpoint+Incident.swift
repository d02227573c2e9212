extension Severity {
    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let raw = try reader.u8("severity")
        guard let value = Severity(rawValue: Int(raw)) else { throw CheckpointError(.malformed, "severity \(raw)") }
        self = value
    }
}

extension AlertSubject {
    func write(to writer: inout BinaryWriter) {
        writer.string(kind.rawValue)
        writer.string(id)
        writer.optionalString(display)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let rawKind = try reader.string("subject kind")
        guard let kind = Kind(rawValue: rawKind) else { throw CheckpointError(.malformed, "subject kind '\(rawKind)'") }
        self.init(
            kind: kind, id: try reader.string("subject id"), display: try reader.optionalString("subject display"))
    }
}

extension Alert {
    func write(to writer: inout BinaryWriter) {
        writer.string(alertID)
        writer.string(rule)
        writer.u8(UInt8(severity.rawValue))
        writer.string(status.rawValue)
        subject.write(to: &writer)
        writer.i64(windowStart)
        writer.i64(windowEnd)
        writer.i64(eventTime)
        writer.count(metrics.count, "alert metrics")
        for metric in metrics {
            writer.string(metric.name)
            writer.f64(metric.value)
            writer.bool(metric.isInteger)
        }
        writer.strings(evidenceOrderIDs)
        writer.strings(evidenceBuyerIDs)
        writer.string(summary)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let alertID = try reader.string("alert id")
        let rule = try reader.string("alert rule")
        let severity = try Severity(from: &reader)
        let rawStatus = try reader.string("alert status")
        guard let status = AlertStatus(rawValue: rawStatus) else {
            throw CheckpointError(.malformed, "alert status '\(rawStatus)'")
        }
        let subject = try AlertSubject(from: &reader)
        let windowStart = try reader.i64("alert window start")
        let windowEnd = try reader.i64("alert window end")
        let eventTime = try reader.i64("alert event time")
        let count = try reader.count("alert metrics", minimumSize: 10)
        var metrics: [AlertMetric] = []
        for _ in 0..<count {
            let name = try reader.string("metric name")
            let value = try reader.f64("metric value")
            var metric = AlertMetric(name, value)
            metric.isInteger = try reader.bool("metric is integer")
            metrics.append(metric)
        }
        self.init(
            alertID: alertID, rule: rule, severity: severity, status: status, subject: subject,
            windowStart: windowStart, windowEnd: windowEnd, eventTime: eventTime, metrics: metrics,
            evidenceOrderIDs: try reader.strings("evidence orders"),
            evidenceBuyerIDs: try reader.strings("evidence buyers"),
            summary: try reader.string("summary"))
    }
}

extension Incident {
    /// Everything the incident's state machine holds, so a restored incident keeps its `alert_id` (its rule,
    /// subject and opening time) and what it last emitted, and continues exactly where it stopped.
    func write(to writer: inout BinaryWriter) {
        writer.string(alertID)
        writer.string(rule)
        subject.write(to: &writer)
        writer.i64(openedAt)
        writer.u8(UInt8(severity.rawValue))
        writer.bool(isOpen)
        writer.i64(windowStart)
        writer.i64(windowEnd)
        writer.i64(lastHeld)
        writer.int(lastEmittedCount)
        writer.u8(UInt8(lastEmittedSeverity.rawValue))
        writer.bool(lastAlert != nil)
        lastAlert?.write(to: &writer)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let alertID = try reader.string("incident alert id")
        let rule = try reader.string("incident rule")
        let subject = try AlertSubject(from: &reader)
        let openedAt = try reader.i64("incident opened at")
        let severity = try Severity(from: &reader)
        self.init(rule: rule, subject: subject, at: openedAt, windowStart: 0, count: 0, severity: severity)
        guard self.alertID == alertID else {
            throw CheckpointError(.malformed, "incident \(alertID) does not match its rule, subject and opening time")
        }
        isOpen = try reader.bool("incident open")
        windowStart = try reader.i64("incident window start")
        windowEnd = try reader.i64("incident window end")
        lastHeld = try reader.i64("incident last held")
        lastEmittedCount = try reader.int("incident last count")
        lastEmittedSeverity = try Severity(from: &reader)
        if try reader.bool("incident last alert") { lastAlert = try Alert(from: &reader) }
    }
}

extension IncidentKey {
    func write(to writer: inout BinaryWriter) {
        writer.string(rule)
        writer.string(subject)
    }

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        self.init(rule: try reader.string("incident key rule"), subject: try reader.string("incident key subject"))
    }
}
