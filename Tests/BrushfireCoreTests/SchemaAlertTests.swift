import BrushfireCore
import Foundation
import Testing

/// Every line `Alert.jsonLine()` writes must satisfy `Schemas/alert.schema.json`, and the schema must reject
/// lines that break alert contract v1.
@Suite(
    .enabled(
        if: SchemaValidator.isAvailable,
        "needs python3 with jsonschema and rfc3339-validator: python3 -m pip install jsonschema==4.26.0 rfc3339-validator==0.1.4"
    )
)
struct SchemaAlertTests {
    static let rules = [
        "order_burst", "reverse_brushing", "refund_storm", "fingerprint_ring", "refund_abuse", "review_bombing",
        "retaliation",
    ]

    static let awkwardTexts = [
        "plain", "quote \" and backslash \\ and slash /", "tab\tnewline\ncarriage\rreturn", "control \u{1}\u{1F}",
        "é 买 😀 שלום 🇨🇳", "\u{2028}\u{2029}\u{7F}\u{FEFF}", "NUL \u{0} inside", "{\"not\":\"json\"}",
    ]

    /// Alerts covering every rule, severity, status and subject kind, with awkward text in every string.
    static func sampleAlerts() -> [Alert] {
        var alerts: [Alert] = []
        let kinds: [AlertSubject.Kind] = [.shop, .phone, .address, .buyer]
        let statuses: [AlertStatus] = [.open, .update, .resolved]
        for (index, rule) in (rules + ["custom_rule"]).enumerated() {
            for severity in Severity.allCases {
                let text = awkwardTexts[(index + severity.rawValue) % awkwardTexts.count]
                let kind = kinds[(index + severity.rawValue) % kinds.count]
                let start = Timestamp.earliest + Int64(index) * 86_400_123 + Int64(severity.rawValue) * 7
                let evidence = (0..<(severity.rawValue * 25)).map { "o-\($0)-\(text)" }
                alerts.append(
                    Alert(
                        alertID: "\(rule):\(kind.rawValue):\(text)", rule: rule, severity: severity,
                        status: statuses[(index + severity.rawValue) % statuses.count],
                        subject: AlertSubject(
                            kind: kind, id: "id \(text)",
                            display: kind == .phone || kind == .address ? "138****\(text)" : nil),
                        windowStart: start, windowEnd: start + 3_600_000, eventTime: start + 1_800_001,
                        metrics: [
                            AlertMetric("orders", index * 10), AlertMetric("refund_ratio", 0.9375),
                            AlertMetric("z_score", -2.5), AlertMetric("big", 9_000_000_000_000),
                            AlertMetric("tiny", 0.00004), AlertMetric("\(text)", 1),
                        ],
                        evidenceOrderIDs: evidence, evidenceBuyerIDs: Array(evidence.prefix(3)),
                        summary: "\(rule) fired: \(text)"))
            }
        }
        alerts.append(
            Alert(
                alertID: "edge", rule: "retaliation", severity: .critical, status: .resolved,
                subject: AlertSubject(kind: .buyer, id: "b"), windowStart: Timestamp.endOfRange - 1,
                windowEnd: Timestamp.endOfRange - 1, eventTime: Timestamp.earliest, metrics: [],
                evidenceOrderIDs: [], evidenceBuyerIDs: (0..<100).map { "b-\($0)" }, summary: ""))
        // Produced under a rules file, and by the daemon's shadow rules.
        var versioned = alerts[1]
        versioned.rulesVersion = Rules.version(ofFile: "order_burst:\n  min_orders: 40\n")
        var shadow = versioned
        shadow.shadow = true
        alerts += [versioned, shadow]
        return alerts
    }

    @Test func everyAlertLineMatchesTheSchema() throws {
        let alerts = Self.sampleAlerts()
        let lines = alerts.map { Array($0.jsonLine().utf8) }
        let verdicts = try SchemaValidator.alertSchema.verdicts(forLines: lines)
        #expect(verdicts.count == lines.count)
        let rejected = verdicts.filter { !$0.isValid }.map {
            "\($0.reason ?? ""): \(alerts[$0.line - 1].jsonLine())"
        }
        #expect(rejected.isEmpty, "the schema rejects:\n\(rejected.joined(separator: "\n"))")
    }

    @Test func alertLinesKeepTheirStringsThroughJSON() throws {
        for alert in Self.sampleAlerts() {
            let line = alert.jsonLine()
            #expect(!line.contains("\n"))
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
            #expect(object["summary"] as? String == alert.summary)
            #expect(object["alert_id"] as? String == alert.alertID)
            let subject = try #require(object["subject"] as? [String: Any])
            #expect(subject["id"] as? String == alert.subject.id)
            #expect(subject["display"] as? String == alert.subject.display)
            let evidence = try #require(object["evidence"] as? [String: Any])
            #expect(evidence["order_ids"] as? [String] == alert.evidenceOrderIDs)
        }
    }

    @Test func schemaRejectsAlertsOutsideTheContract() throws {
        let base = Self.sampleAlerts()[3]
        var tooMuchEvidence = base
        tooMuchEvidence.evidenceOrderIDs = (0..<101).map { "o-\($0)" }
        var badRule = base
        badRule.rule = "Order-Burst"
        var emptyID = base
        emptyID.alertID = ""

        let line = base.jsonLine()
        let edits: [(String, String)] = [
            ("an extra top-level field", String(line.dropLast()) + ",\"extra\":1}"),
            ("no summary", line.replacingOccurrences(of: ",\"summary\":", with: ",\"summary_\":")),
            ("an unknown severity", line.replacingOccurrences(of: "\"severity\":\"", with: "\"severity\":\"x")),
            ("an unknown status", line.replacingOccurrences(of: "\"status\":\"", with: "\"status\":\"x")),
            ("an unknown subject kind", line.replacingOccurrences(of: "\"kind\":\"", with: "\"kind\":\"x")),
            (
                "a window start that is not a date-time",
                line.replacingOccurrences(of: "{\"start\":\"", with: "{\"start\":\"T")
            ),
            (
                "a metric that is a string",
                line.replacingOccurrences(of: "\"orders\":", with: "\"orders\":\"1\",\"o\":")
            ),
            ("101 evidence order ids", tooMuchEvidence.jsonLine()),
            ("a rule outside the pattern", badRule.jsonLine()),
            ("an empty alert id", emptyID.jsonLine()),
            ("a rules version that is not a hash", String(line.dropLast()) + ",\"rules_version\":\"v2\"}"),
            ("shadow false (it is left out instead)", String(line.dropLast()) + ",\"shadow\":false}"),
        ]
        for (_, edited) in edits { #expect(edited != line) }
        let verdicts = try SchemaValidator.alertSchema.verdicts(forLines: edits.map { Array($0.1.utf8) })
        #expect(verdicts.count == edits.count)
        for (verdict, edit) in zip(verdicts, edits) {
            #expect(!verdict.isValid, "the schema accepts \(edit.0): \(edit.1)")
        }
    }
}
