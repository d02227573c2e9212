import ArgumentParser
import BrushfireCore
import BrushfireRuntime
import Foundation

struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Show which incidents a rules change adds, removes or changes on recorded logs.",
        discussion: """
            One pass over the logs: they are read and decoded once, and both rule sets run side by side on the \
            same events. Incidents are matched by rule, subject and overlapping windows of event time; one is \
            changed when its severity, time of first alert or size (its main count) differs. Exit status 0, or 1 \
            with --fail-on-change when anything differs.
            """
    )

    @Argument(help: "Event logs (JSON lines; '-' for stdin; .gz accepted).")
    var inputs: [String]

    @Option(help: "The candidate rules file (YAML).")
    var rules: String

    @Option(help: "The rules to compare against (YAML). The built-in defaults otherwise.")
    var baseline: String?

    @Option(help: ArgumentHelp("Also write the difference as JSON.", valueName: "FILE"))
    var json: String?

    @Option(
        help: ArgumentHelp(
            "Also write a self-contained HTML report with a timeline of the incidents that differ.",
            valueName: "FILE"))
    var report: String?

    @Flag(name: .customLong("fail-on-change"), help: "Exit with status 1 when any incident differs.")
    var failOnChange = false

    @OptionGroup var key: FingerprintKeyOptions

    func run() async throws {
        let candidate = try loadRuleSet(rules)
        let base = try loadRuleSet(baseline)
        let fingerprinter = try key.fingerprinter()
        let run = try await BacktestRunner.run(
            inputs: inputs,
            baseline: Engine(rules: base.rules, fingerprinter: fingerprinter, rulesVersion: base.version),
            candidate: Engine(rules: candidate.rules, fingerprinter: fingerprinter, rulesVersion: candidate.version))
        let diff = run.diff
        let baselineName = baseline.map { "\($0) (\(base.version!))" } ?? "built-in defaults"
        let candidateName = "\(rules) (\(candidate.version!))"
        print("backtest: \(run.lines) lines of \(inputs.joined(separator: ", ")), \(run.invalid) invalid")
        print(diff.text(baseline: baselineName, candidate: candidateName))
        if let json {
            let text = diff.json(
                baseline: baseline ?? "defaults", candidate: rules, baselineVersion: base.version,
                candidateVersion: candidate.version)
            try (text + "\n").write(toFile: json, atomically: true, encoding: .utf8)
        }
        if let report {
            let page = BacktestReport(
                diff: diff, baseline: baselineName, candidate: candidateName, source: inputs.joined(separator: ", "))
            try page.html().write(toFile: report, atomically: true, encoding: .utf8)
        }
        if failOnChange && !diff.isEmpty { throw ExitCode(1) }
    }
}
