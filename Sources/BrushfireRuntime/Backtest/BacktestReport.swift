import BrushfireCore

/// A backtest's difference as one self-contained HTML page: the counts per rule, then a timeline of every incident
/// that differs, its baseline and candidate spans drawn one above the other on a shared axis of event time.
public struct BacktestReport: Sendable {
    public var diff: BacktestDiff
    public var baseline: String
    public var candidate: String
    public var source: String

    public init(diff: BacktestDiff, baseline: String, candidate: String, source: String) {
        self.diff = diff
        self.baseline = baseline
        self.candidate = candidate
        self.source = source
    }

    static let width = 640.0

    public func html() -> String {
        let e = HTMLText.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Brushfire backtest</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd}
            td.n{text-align:right}.added{color:#b35c00}.removed{color:#555}.changed{color:#1f5fa8}
            .row{margin:10px 0}.row svg{display:block}.legend span{margin-right:1.5em}
            .base{fill:#9a9a9a}.cand{fill:#e07b00}.tick{stroke:#222;stroke-width:2}
            </style>
            </head><body>
            <h1>Brushfire backtest</h1>
            <p>\(e(source))<br>baseline: \(e(baseline))<br>candidate: \(e(candidate))</p>
            <table><tr><th>rule</th><th>baseline</th><th>candidate</th><th>added</th><th>removed</th><th>changed</th>
            <th>unchanged</th></tr>

            """
        for counts in diff.rules + [diff.totals] {
            out += "<tr><td>\(e(counts.rule))</td>"
            for value in [
                counts.baseline, counts.candidate, counts.added, counts.removed, counts.changed, counts.unchanged,
            ] {
                out += "<td class=\"n\">\(value)</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        guard !diff.isEmpty else {
            return out + "<p id=\"no-difference\">No difference.</p>\n</body></html>\n"
        }
        let incidents = diff.entries.flatMap { [$0.baseline, $0.candidate].compactMap { $0 } }
        let start = incidents.map(\.start).min()!
        let end = max(incidents.map(\.end).max()!, start + 60_000)
        func x(_ time: Int64) -> String {
            HTMLText.number((Double(time - start) / Double(end - start) * Self.width * 10).rounded() / 10)
        }
        func bar(_ incident: BacktestIncident?, y: Int, css: String) -> String {
            guard let incident else { return "" }
            let left = Double(incident.start - start) / Double(end - start) * Self.width
            let right = Double(incident.end - start) / Double(end - start) * Self.width
            let width = HTMLText.number((max(right - left, 2) * 10).rounded() / 10)
            return "<rect class=\"\(css)\" x=\"\(x(incident.start))\" y=\"\(y)\" width=\"\(width)\" height=\"9\">"
                + "<title>\(e(css == "base" ? "baseline" : "candidate")): \(incident.severity), "
                + "\(e(Timestamp.format(incident.start))) – \(e(Timestamp.format(incident.end)))</title></rect>"
                + "<line class=\"tick\" x1=\"\(x(incident.firstAlert))\" x2=\"\(x(incident.firstAlert))\" "
                + "y1=\"\(y - 1)\" y2=\"\(y + 10)\"/>"
        }
        out += """
            <h2>Timeline of the incidents that differ</h2>
            <p class="legend"><span>\(e(Timestamp.format(start))) to \(e(Timestamp.format(end)))</span>
            <span><svg width="12" height="9"><rect class="base" width="12" height="9"/></svg> baseline</span>
            <span><svg width="12" height="9"><rect class="cand" width="12" height="9"/></svg> candidate</span>
            <span>| first alert</span></p>

            """
        for entry in diff.entries {
            out += "<div class=\"row \(entry.change.rawValue)\" data-change=\"\(entry.change.rawValue)\">"
            out += "<b class=\"\(entry.change.rawValue)\">\(entry.change.rawValue)</b> \(e(BacktestDiff.line(entry)))"
            out += "<svg width=\"\(Int(Self.width))\" height=\"26\" role=\"img\">"
            out += bar(entry.baseline, y: 2, css: "base") + bar(entry.candidate, y: 14, css: "cand")
            out += "</svg></div>\n"
        }
        return out + "</body></html>\n"
    }
}
