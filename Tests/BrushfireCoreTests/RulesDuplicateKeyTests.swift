import BrushfireCore
import Testing

/// The unsteady duplicate-key error that `FuzzDaemonConfiguration` found in the daemon's file reader, in the rules
/// file: Yams cannot order duplicated keys of different kinds, so its error changed from read to read.
@Suite struct RulesDuplicateKeyTests {
    @Test func duplicateKeysOfDifferentKindsGiveOneError() {
        let yaml = "? [a]\n: 1\n? [a]\n: 2\norder_burst: {}\norder_burst: {}\n"
        var errors: Set<String> = []
        for _ in 0..<50 {
            errors.insert("\(Rules.check(yaml: yaml))")
            do {
                _ = try Rules.parse(yaml: yaml)
            } catch {
                errors.insert("\(error)")
            }
        }
        #expect(errors.count == 2, "\(errors)")
        let error = Rules.check(yaml: yaml).first
        #expect(error?.line == nil)
        #expect(error?.message == "not valid YAML: duplicate keys 'order_burst', a key that is not a plain name")
    }

    @Test func duplicatePlainKeysNameTheirLine() {
        let errors = Rules.check(yaml: "order_burst:\n  min_orders: 3\n  min_orders: 4\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2 && errors.first?.message == "not valid YAML: duplicate keys 'min_orders'")
    }
}
