import BrushfireCore
import Foundation

/// One self-contained HTML file about a run's incidents, for an investigation or a merchant's appeal: one
/// section per incident with its summary, figures, alert moments, evidence and per-minute chart (drawn by the
/// same script as the live page). Nothing is fetched when it is opened.
public struct IncidentReport: Sendable {
    public var title: String
    /// What the report was made from, e.g. the input files.
    public var source: String
    public var incidents: [IncidentRecord]
    /// The event time the run ended at: incidents still open are charted up to it.
    public var eventTime: Int64?

    public init(
        title: String = "Brushfire incident report", source: String, incidents: [IncidentRecord],
        eventTime: Int64? = nil
    ) {
        self.title = title
        self.source = source
        self.incidents = incidents
        self.eventTime = eventTime
    }

    /// The report as one HTML document.
    public func html() throws -> String {
        let documents = incidents.map { IncidentDocument($0, chart: true, eventTime: eventTime) }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(title))</title>
            <style>\(ReportAssets.style)</style>
            </head><body>
            <header><h1>\(HTMLText.escape(title))</h1>
            <span class="facts">\(HTMLText.escape(source)) · \(incidents.count) incidents</span></header>
            <main><div id="brf-errors"></div>

            """
        out += overview(documents)
        for document in documents { out += section(document) }
        out += """
            </main>
            <script type="application/json" id="brf-data">\(try HTMLText.scriptJSON(documents))</script>
            <script>\(ReportAssets.script)
            (function () {
              var documents = JSON.parse(document.getElementById("brf-data").textContent);
              documents.forEach(function (doc) {
                var box = document.querySelector('[data-chart="' + doc.alert_id + '"]');
                if (box) BRF.chart(box, doc);
              });
              document.body.setAttribute("data-charts-drawn", String(documents.length));
            })();
            </script>
            </body></html>

            """
        return out
    }

    /// Writes the report to `path` (replacing it), atomically.
    public func write(to path: String) throws {
        do {
            try html().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ReportError(path: path, underlying: error)
        }
    }

    private func overview(_ documents: [IncidentDocument]) -> String {
        guard !documents.isEmpty else { return "<div class=\"panel\"><p>No incidents.</p></div>\n" }
        var out = "<div class=\"panel\"><h2>Incidents</h2><table><thead><tr><th>Rule</th><th>Subject</th>"
        out += "<th>Severity</th><th>Opened</th><th>Status</th><th>Alert id</th></tr></thead><tbody>\n"
        for document in documents {
            out += "<tr><td>\(HTMLText.escape(document.rule))</td><td>\(subject(document))</td>"
            out += "<td><span class=\"sev sev-\(document.severity)\">\(document.severity)</span></td>"
            out += "<td>\(Timestamp.format(document.openedAt))</td><td>\(document.status)</td>"
            out += "<td><a href=\"#\(document.alertID)\">\(document.alertID)</a></td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    private func section(_ document: IncidentDocument) -> String {
        var out = "<section class=\"incident panel\" id=\"\(document.alertID)\">\n"
        out += "<h2>\(HTMLText.escape(document.rule)) · \(subject(document)) "
        out += "<span class=\"sev sev-\(document.severity)\">\(document.severity)</span></h2>\n"
        out += "<p class=\"muted\">\(document.alertID) · window \(Timestamp.format(document.windowStart)) to "
        out += "\(Timestamp.format(document.windowEnd)) · \(document.status)</p>\n"
        out += "<p class=\"summary\">\(HTMLText.escape(document.summary))</p>\n"
        out += "<div class=\"chart-box\" data-chart=\"\(document.alertID)\"></div>\n"
        out += "<div class=\"metrics\">"
        for (name, value) in document.metrics.sorted(by: { $0.key < $1.key }) {
            out += "<div><span>\(HTMLText.escape(name))</span> \(HTMLText.number(value))</div>"
        }
        out += "</div>\n<h3>Alerts</h3><table class=\"moments\"><thead><tr><th>Event time</th><th>Status</th>"
        out += "<th>Severity</th><th>Summary</th></tr></thead><tbody>\n"
        for moment in document.moments {
            out += "<tr><td>\(Timestamp.format(moment.eventTime))</td><td>\(moment.status)</td>"
            out += "<td>\(moment.severity)</td><td>\(HTMLText.escape(moment.summary))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        out += "<h3>Evidence: \(document.evidenceOrderIDs.count) order ids</h3>"
        out +=
            "<div class=\"evidence order-ids\">\(HTMLText.escape(document.evidenceOrderIDs.joined(separator: " ")))</div>\n"
        out += "<h3>Evidence: \(document.evidenceBuyerIDs.count) buyer ids</h3>"
        out +=
            "<div class=\"evidence buyer-ids\">\(HTMLText.escape(document.evidenceBuyerIDs.joined(separator: " ")))</div>\n"
        return out + "</section>\n"
    }

    private func subject(_ document: IncidentDocument) -> String {
        HTMLText.escape("\(document.subject.kind) \(document.subject.display ?? document.subject.id)")
    }
}
