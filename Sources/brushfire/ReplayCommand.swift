import ArgumentParser
import BrushfireCore
import BrushfireRuntime
import BrushfireSinks
import Foundation
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
            "Also write an evidence pack for every shop incident at high or critical: <alert_id>.html (self-contained, "
                + "Chinese and English, prints on A4) and <alert_id>.json.", valueName: "DIR"))
    var evidence: String?

    @Option(help: ArgumentHelp("The language of alert summaries (overrides the rules file).", valueName: "en|zh-CN"))
    var locale: String?

    @Option(
        help: ArgumentHelp(
            "Start from the engine state saved in this directory and save it there at the end (the stream goes on: "
                + "events within the lateness stay buffered for the next run).", valueName: "DIR"))
    var state: String?

    @Flag(help: "No progress or summary on stderr.")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "1: one thread reads, decodes and runs the detectors in turn. 2: a second thread reads and decodes the "
                + "next lines while the detectors run (the same alerts and rejects).", valueName: "1|2"))
    var threads: Int = 1

    @OptionGroup var key: FingerprintKeyOptions

    @OptionGroup var webhooks: WebhooksCommand.SinkOptions

    @Option(
        name: .customLong("webhook-wait"),
        help: ArgumentHelp(
            "How long to keep delivering webhooks after the replay before leaving the rest in the outbox (the exit "
                + "status is 3 when anything is left undelivered).",
            valueName: "DURATION"))
    var webhookWait: String = "60s"

    @Option(
        name: .customLong("identity-wire"),
        help: ArgumentHelp(
            "Also encode every identity observation as it would go to an identity topic of this many partitions, "
                + "and report its records and bytes per input event.",
            valueName: "PARTITIONS"))
    var identityWire: Int?

    /// The exit status when some webhook delivery is still pending, failed or waiting on a disabled endpoint.
    static let undeliveredExitCode = ExitCode(3)

    func validate() throws {
        if let identityWire, !(1...100_000).contains(identityWire) {
            throw ValidationError("--identity-wire: expected 1 to 100000 partitions, got \(identityWire)")
        }
        guard (1...2).contains(threads) else { throw ValidationError("--threads: expected 1 or 2, got \(threads)") }
        if let locale, AlertLocale(rawValue: locale) == nil {
            throw ValidationError(
                "--locale: expected one of \(AlertLocale.allCases.map(\.rawValue).joined(separator: ", ")), got '\(locale)'"
            )
        }
    }

    func run() async throws {
        var (rules, rulesVersion) = try loadRuleSet(rules)
        if let locale = locale.flatMap(AlertLocale.init(rawValue:)) { rules.incidents.locale = locale }
        let fingerprinter = try key.fingerprinter()
        let sink = try FileAlertSink(path: alerts, truncate: true)
        guard let webhookWaitMillis = DurationText.parse(webhookWait) else {
            throw ValidationError("--webhook-wait: expected a duration such as 90s, 5m or 1h, got '\(webhookWait)'")
        }
        // Without --webhook-outbox, an outbox of this run's own: what an earlier replay delivered, perhaps to
        // another receiver, must not keep this one from delivering.
        let temporaryOutbox =
            webhooks.webhook != nil && webhooks.webhookOutbox == nil ? try Self.makeTemporaryOutbox() : nil
        let webhookSink = try webhooks.makeSink(
            outbox: temporaryOutbox?.appendingPathComponent("webhooks.sqlite").path,
            logger: Logger(label: "brushfire.webhooks"))
        let sinks: [any AlertSink] = [sink] + (webhookSink.map { [$0] } ?? [])
        let rejectWriter = try rejects.map { try LineWriter(path: $0) }
        var engine = Engine(rules: rules, fingerprinter: fingerprinter, rulesVersion: rulesVersion)
        let checkpoint = try state.map { try ReplayCheckpoint(path: $0) }
        if let checkpoint {
            let line = checkpoint.restore(into: &engine)
            if !quiet || line.contains(".bad") { Stderr.line(line) }
        }
        if evidence != nil { engine.startTracing() }
        if let identityWire { engine.identityWire = IdentityWireMeter(partitions: identityWire) }
        var runner = ReplayRunner(engine: engine, sinks: sinks, rejects: rejectWriter)
        if evidence != nil { runner.evidence = EvidenceCollector(rules: rules) }
        runner.finishAtEnd = checkpoint == nil
        runner.threads = threads
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
        if let evidence, let collector = runner.evidence {
            let written = try collector.archive.write(to: evidence)
            if !quiet { Stderr.line("replay: \(written.count) evidence packs written to \(evidence)") }
        }
        try await sink.close()
        rejectWriter?.close()
        var undelivered = false
        if let webhookSink {
            try await webhookSink.close()
            let result = try await webhookSink.drain(timeout: .milliseconds(webhookWaitMillis))
            undelivered = !result.deliveredEverything
            let outbox = webhookSink.outbox.path
            if let temporaryOutbox, !undelivered {
                try? FileManager.default.removeItem(at: temporaryOutbox)
            }
            if !quiet || undelivered {
                for line in Self.webhookSummary(result, outbox: outbox, kept: undelivered || temporaryOutbox == nil) {
                    Stderr.line(line)
                }
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
        if let meter = runner.engine.identityWire { Stderr.line(Self.identityWireLine(meter, summary: summary)) }
        if undelivered { throw Self.undeliveredExitCode }
    }

    /// What the identity topic would have carried, per input event and per partition.
    static func identityWireLine(_ meter: IdentityWireMeter, summary: ReplaySummary) -> String {
        let events = max(summary.engine.processed, 1)
        func perEvent(_ value: Int) -> String { String(format: "%.1f", Double(value) / Double(events)) }
        let spread = meter.recordsByPartition
        return "identity wire: \(meter.records) records (\(perEvent(meter.records)) per event), "
            + "\(meter.valueBytes) value + \(meter.keyBytes) key bytes = "
            + "\(perEvent(meter.valueBytes + meter.keyBytes)) B per event; "
            + "records per partition \(spread.min() ?? 0)–\(spread.max() ?? 0) over \(spread.count)"
    }

    /// A new directory for this run's webhook outbox.
    static func makeTemporaryOutbox() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// What the drain left: totals, then each endpoint with something outstanding or given up.
    static func webhookSummary(_ result: WebhookDrainResult, outbox: String, kept: Bool) -> [String] {
        var lines = [
            "webhooks: \(result.delivered) delivered, \(result.outstanding) still pending, \(result.failed) failed, "
                + "\(result.waitingOnDisabled) waiting on disabled endpoints"
                + (kept ? " (outbox: \(outbox))" : "")
        ]
        let now = WebhookClock.system.now()
        for endpoint in result.endpoints where endpoint.outstanding > 0 || endpoint.givenUp > 0 {
            var parts = ["webhooks: \(endpoint.name) \(endpoint.url ?? "-"):"]
            if endpoint.isDisabled {
                parts.append("disabled (\(endpoint.disabledReason ?? "410 Gone")), \(endpoint.outstanding) waiting;")
            } else if endpoint.outstanding > 0 {
                var pending = "\(endpoint.outstanding) still pending"
                if endpoint.probing > 0 { pending += " (\(endpoint.probing) past their retry schedule)" }
                if let next = endpoint.nextAttemptAt {
                    pending += next <= now ? ", next try due" : ", next try in \((next - now + 999) / 1000)s"
                }
                parts.append(pending + ";")
            }
            if endpoint.givenUp > 0 { parts.append("\(endpoint.givenUp) failed;") }
            if let error = endpoint.lastError { parts.append("last error: \(error)") }
            lines.append(parts.joined(separator: " "))
        }
        if result.outstanding > 0 || result.waitingOnDisabled > 0 {
            lines.append(
                "webhooks: the rest stays in \(outbox); deliver it with `brushfire webhooks deliver --outbox \(outbox) "
                    + "--webhook URL --webhook-secret … --until-drained`, inspect with `brushfire webhooks status`")
        } else if result.failed > 0 {
            lines.append(
                "webhooks: failed deliveries stay in \(outbox); `brushfire webhooks status --outbox \(outbox)` shows "
                    + "why, `brushfire webhooks redeliver` sends them again")
        }
        return lines
    }
}
