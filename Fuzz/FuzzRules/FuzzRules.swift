import BrushfireCore
import FuzzSupport

@main
enum FuzzRules {
    /// Seeds: the default rules, as `brushfire rules defaults` prints them.
    static func main() { FuzzMain.run(fuzz, seeds: { [("defaults.yaml", Array(Rules.defaults.yaml().utf8))] }) }
}

/// libFuzzer entry point: the input is a rules file. `parse` and `check` must agree on whether it is valid, and
/// rules that parse must be written back (`Rules.yaml()`) to a file that reads as the same rules, and be usable by
/// an engine.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let problems = Rules.check(yaml: text)
    switch Result(catching: { () throws(RulesError) in try Rules.parse(yaml: text) }) {
    case .success(let rules):
        precondition(problems.isEmpty, "parse accepted what check refused: \(problems)")
        let written = rules.yaml()
        let reread = Result(catching: { () throws(RulesError) in try Rules.parse(yaml: written) })
        precondition(reread == .success(rules), "rules do not survive being written out: \(reread)\n\(written)")
        var engine = Engine(rules: rules)
        _ = engine.finish()
    case .failure:
        precondition(!problems.isEmpty, "parse refused what check accepted")
    }
    return 0
}
