import BrushfireCore
import Foundation
import Testing
import Yams

/// `Schemas/rules.schema.json` and the rules loader describe the same file: the built-in rules, printed as
/// YAML, validate against the schema; files the loader refuses, the schema refuses too.
@Suite(
    .enabled(
        if: SchemaValidator.isAvailable,
        "needs python3 with jsonschema and rfc3339-validator: python3 -m pip install jsonschema==4.26.0 rfc3339-validator==0.1.4"
    ))
struct SchemaRulesTests {
    static let validator = SchemaValidator(schema: "Schemas/rules.schema.json")

    /// A YAML document as one JSON line, for the validator.
    static func jsonLine(_ yaml: String) throws -> [UInt8] {
        let object = try Yams.load(yaml: yaml) ?? [String: Any]()
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    @Test("The built-in rules, as `brushfire rules defaults` prints them, satisfy the schema and load back unchanged")
    func defaults() throws {
        let yaml = Rules.defaults.yaml()
        let verdicts = try Self.validator.verdicts(forLines: [try Self.jsonLine(yaml)])
        #expect(verdicts.map(\.isValid) == [true], "\(verdicts.first?.reason ?? "")")
        #expect(try Rules.parse(yaml: yaml) == Rules.defaults)
    }

    @Test(
        "Files the loader refuses, the schema refuses",
        arguments: [
            "order_burst:\n  min_ratio: lots\n",
            "order_burst:\n  min_orders: 0\n",
            "refund_storm:\n  window: 10x\n",
            "engine:\n  lateness: -5\n",
            "reverse_brushing:\n  min_refund_share: 1.5\n",
            "order_burst:\n  no_history_max_severity: severe\n",
            "order_brust:\n  enabled: false\n",
            "order_burst:\n  windows: []\n",
            "incidents:\n  surprise: 1\n",
        ])
    func refused(_ yaml: String) throws {
        #expect(!Rules.check(yaml: yaml).isEmpty, "the loader accepts \(yaml)")
        let verdicts = try Self.validator.verdicts(forLines: [try Self.jsonLine(yaml)])
        #expect(verdicts.map(\.isValid) == [false], "the schema accepts \(yaml)")
    }

    @Test(
        "Partial files the loader accepts, the schema accepts",
        arguments: [
            "order_burst:\n  min_ratio: 8\n  windows: [1m, 10m]\n",
            "engine:\n  lateness: 90s\n  pane: 15000\n",
            "reverse_brushing:\n  min_refund_share: 0.85\n  watch: 2d\n",
            "{}\n",
        ])
    func accepted(_ yaml: String) throws {
        #expect(Rules.check(yaml: yaml).isEmpty)
        let verdicts = try Self.validator.verdicts(forLines: [try Self.jsonLine(yaml)])
        #expect(verdicts.map(\.isValid) == [true], "\(verdicts.first?.reason ?? "")")
    }
}
