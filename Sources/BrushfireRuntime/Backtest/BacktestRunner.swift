import BrushfireCore

/// What a backtest's one pass over the logs gave: each side's alerts, and the lines read.
public struct BacktestRun: Sendable {
    public var baselineAlerts: [Alert] = []
    public var candidateAlerts: [Alert] = []
    public var lines = 0
    public var invalid = 0

    /// The difference by incident.
    public var diff: BacktestDiff {
        BacktestDiff(
            baseline: BacktestIncident.incidents(of: baselineAlerts),
            candidate: BacktestIncident.incidents(of: candidateAlerts))
    }
}

/// `brushfire backtest`: recorded logs read and decoded once, fed to two engines side by side (the baseline as the
/// pipeline's engine, the candidate as its shadow), each running its own rules on exactly the same events with the
/// batches a replay makes — so each side's alerts are those `brushfire replay` gives with its rules.
public enum BacktestRunner {
    public static func run(inputs: [String], baseline: Engine, candidate: Engine) async throws -> BacktestRun {
        var pipeline = Pipeline(engine: baseline)
        pipeline.shadow = candidate
        var run = BacktestRun()
        let decoding = ReplayDecoder(inputs: inputs, decoder: pipeline.decoder, batchLines: ReplayRunner.chunkLines)
        defer { decoding.stop() }
        while case let (path, records, lines, _)? = try await decoding.next() {
            run.lines += lines
            var output = Pipeline.Output()
            pipeline.ingest(records, at: { .line(file: path, line: $0) }, into: &output)
            pipeline.endBatch(into: &output)
            run.baselineAlerts += output.alerts
            run.candidateAlerts += output.shadowAlerts
        }
        var output = Pipeline.Output()
        pipeline.finish(into: &output)
        run.baselineAlerts += output.alerts
        run.candidateAlerts += output.shadowAlerts
        run.invalid = pipeline.statistics.invalid
        return run
    }
}
