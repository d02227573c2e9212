import ArgumentParser
import BrushfireCore
import BrushfireRuntime
import BrushfireSinks
import Logging

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run recorded JSON-lines event logs through the detectors and write the alerts.",
        discussion: """
            Inputs are read in order; '-' is stdin; gzip-compressed files are detected and read as well. \
            The same input always gives byte-identical alerts. Invalid lines and late events go to --rejects \
            with their line number and reason; they never stop the run.
            """
    )

    @Argument(help: "Event logs (JSON lines; '-' for stdin; .gz accepted).")
    var inputs: [String]

    @Option(help: "Rules file (YAML). Built-in defaults otherwise.")
    var rules: String?

    @Option(help: "Where to write alerts as JSON lines ('-' for stdout).")
    var alerts: String = "-"

    @Option(help: "Where to write rejected lines with their reasons (JSON lines).")
    var rejects: String?

    @Option(
        help: ArgumentHelp(
            "Also write a self-contained HTML report: one section per incident with its chart and evidence.",
            valueName: "FILE"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Start from the engine state saved in this directory and save it there at the end (the stream goes on: "
                + "events within the lateness stay buffered for the next run).", valueName: "DIR"))
    var state: String?

    @Flag(help: "No progress or summary on stderr.")
    var quiet = false

    @OptionGroup var key: FingerprintKeyOptions

    @OptionGroup var webhooks: WebhooksCommand.SinkOptions

    @Option(
        name: .customLong("webhook-wait"),
        help: ArgumentHelp(
            "How long to keep delivering webhooks after the replay before leaving the rest in the outbox.",
            valueName: "DURATION"))
    var webhookWait: String = "60s"

    func run() async throws {
        let rules = try loadRules(rules)
        let fingerprinter = try key.fingerprinter()
        let sink = try FileAlertSink(path: alerts, truncate: true)
        guard let webhookWaitMillis = DurationText.parse(webhookWait) else {
            throw ValidationError("--webhook-wait: expected a duration such as 90s, 5m or 1h, got '\(webhookWait)'")
        }
        let webhookSink = try webhooks.makeSink(logger: Logger(label: "brushfire.webhooks"))
        let sinks: [any AlertSink] = [sink] + (webhookSink.map { [$0] } ?? [])
        let rejectWriter = try rejects.map { try LineWriter(path: $0) }
        var engine = Engine(rules: rules, fingerprinter: fingerprinter)
        let checkpoint = try state.map { try ReplayCheckpoint(path: $0) }
        if let checkpoint {
            let line = checkpoint.restore(into: &engine)
            if !quiet || line.contains(".bad") { Stderr.line(line) }
        }
        var runner = ReplayRunner(engine: engine, sinks: sinks, rejects: rejectWriter)
        runner.finishAtEnd = checkpoint == nil
        if !quiet {
            runner.progress = { summary in
                Stderr.line(
                    "replay: \(summary.lines) lines, \(Int(summary.eventsPerSecond)) lines/s, \(summary.alerts) alerts so far"
                )
            }
        }
        let collector = report.map { _ in ReportCollector() }
        if let collector { runner.observe = collector.observe }
        let summary = try await runner.run(inputs: inputs)
        if let collector, let report {
            collector.finish(runner.engine)
            try collector.report(source: inputs.joined(separator: ", ")).write(to: report)
            if !quiet {
                Stderr.line("replay: report of \(collector.log.incidents.count) incidents written to \(report)")
            }
        }
        try await sink.close()
        rejectWriter?.close()
        if let webhookSink {
            try await webhookSink.close()
            let result = try await webhookSink.drain(timeout: .milliseconds(webhookWaitMillis))
            if !quiet || result.outstanding > 0 || result.failed > 0 {
                Stderr.line(
                    "webhooks: \(result.delivered) delivered, \(result.failed) failed, \(result.outstanding) still pending, "
                        + "\(result.waitingOnDisabled) waiting on disabled endpoints (outbox: \(webhooks.outboxPath()); "
                        + "see `brushfire webhooks status`)")
            }
        }
        if let checkpoint {
            try checkpoint.save(runner.engine)
            if !quiet {
                Stderr.line(
                    "state: saved \(checkpoint.directory.instancePath) (\(runner.engine.bufferedEvents) events held for the next run)"
                )
            }
        }
        if !quiet { Stderr.line(summary.text) }
    }
}
