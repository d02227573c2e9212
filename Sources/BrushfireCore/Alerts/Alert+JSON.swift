extension Alert {
    /// The alert as one line of JSON (alert contract v1), byte-identical for identical alerts. `rules_version` and
    /// `shadow` come last, and only when set.
    public func jsonLine() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("alert_id")
        w.string(alertID)
        w.key("rule")
        w.string(rule)
        w.key("severity")
        w.string(severity.description)
        w.key("status")
        w.string(status.rawValue)
        w.key("subject")
        w.beginObject()
        w.key("kind")
        w.string(subject.kind.rawValue)
        w.key("id")
        w.string(subject.id)
        if let display = subject.display {
            w.key("display")
            w.string(display)
        }
        w.endObject()
        w.key("window")
        w.beginObject()
        w.key("start")
        w.string(Timestamp.format(windowStart))
        w.key("end")
        w.string(Timestamp.format(windowEnd))
        w.endObject()
        w.key("event_time")
        w.string(Timestamp.format(eventTime))
        w.key("metrics")
        w.beginObject()
        for metric in metrics {
            w.key(metric.name)
            if metric.isInteger {
                w.integer(Int64(metric.value))
            } else {
                w.number(metric.value)
            }
        }
        w.endObject()
        w.key("evidence")
        w.beginObject()
        w.key("order_ids")
        w.stringArray(evidenceOrderIDs)
        w.key("buyer_ids")
        w.stringArray(evidenceBuyerIDs)
        w.endObject()
        w.key("summary")
        w.string(summary)
        if let rulesVersion {
            w.key("rules_version")
            w.string(rulesVersion)
        }
        if shadow {
            w.key("shadow")
            w.bool(true)
        }
        w.endObject()
        return w.output
    }
}

/// A minimal, deterministic JSON writer for the core's outputs.
public struct JSONWriter: Sendable {
    public private(set) var output: String = ""
    private var needsComma: [Bool] = []

    public init() {}

    private mutating func separator() {
        if let last = needsComma.last {
            if last { output.append(",") }
            needsComma[needsComma.count - 1] = true
        }
    }

    public mutating func beginObject() {
        separator()
        output.append("{")
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        output.append("}")
    }

    public mutating func beginArray() {
        separator()
        output.append("[")
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        output.append("]")
    }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separator()
        Self.appendQuoted(name, to: &output)
        output.append(":")
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String) {
        separator()
        Self.appendQuoted(value, to: &output)
    }

    public mutating func integer(_ value: Int64) {
        separator()
        output.append(String(value))
    }

    /// A finite number with at most four decimals, trailing zeros trimmed; non-finite numbers become `null`.
    public mutating func number(_ value: Double) {
        separator()
        output.append(Self.formatNumber(value))
    }

    public mutating func bool(_ value: Bool) {
        separator()
        output.append(value ? "true" : "false")
    }

    public mutating func null() {
        separator()
        output.append("null")
    }

    public mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    public static func formatNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let scaled = (value * 10_000).rounded()
        guard abs(scaled) < 9.0e15 else { return String(Int64(value.rounded())) }
        var n = Int64(scaled)
        let negative = n < 0
        if negative { n = -n }
        let whole = n / 10_000
        var frac = n % 10_000
        var text = negative && n != 0 ? "-" : ""
        text += String(whole)
        if frac != 0 {
            var digits = 4
            while frac % 10 == 0 {
                frac /= 10
                digits -= 1
            }
            let fracText = String(frac)
            text += "." + String(repeating: "0", count: digits - fracText.count) + fracText
        }
        return text
    }

    public static func appendQuoted(_ value: String, to output: inout String) {
        output.append("\"")
        var plainStart = value.utf8.startIndex
        var index = plainStart
        let utf8 = value.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.append(contentsOf: value[plainStart..<index])
                switch byte {
                case UInt8(ascii: "\""): output.append("\\\"")
                case UInt8(ascii: "\\"): output.append("\\\\")
                case 0x0A: output.append("\\n")
                case 0x0D: output.append("\\r")
                case 0x09: output.append("\\t")
                default:
                    let hex = Array("0123456789abcdef")
                    output.append("\\u00")
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0xF)])
                }
                index = utf8.index(after: index)
                plainStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        output.append(contentsOf: value[plainStart..<utf8.endIndex])
        output.append("\"")
    }
}
