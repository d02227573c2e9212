import BrushfireCore
import BrushfireSinks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a replay did, for its closing summary.
public struct ReplaySummary: Sendable {
    public var lines = 0
    public var blankLines = 0
    public var invalid = 0
    public var invalidByReason: [String: Int] = [:]
    public var engine = EngineStatistics()
    public var alerts = 0
    public var seconds = 0.0

    public var eventsPerSecond: Double { seconds > 0 ? Double(lines) / seconds : 0 }

    /// The summary as lines for a person, e.g. on stderr.
    public var text: String {
        var out: [String] = []
        let types = EventType.allCases.map { "\($0)=\(engine.eventsByType[Int($0.rawValue)])" }.joined(separator: " ")
        out.append("replay: \(lines) lines in \(format2(seconds)) s (\(Int(eventsPerSecond)) lines/s)")
        out.append("  events processed: \(engine.processed) (\(types))")
        let reasons = invalidByReason.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        out.append("  invalid: \(invalid)\(reasons.isEmpty ? "" : " (\(reasons))")")
        out.append(
            "  late: \(engine.late)  too far ahead: \(engine.tooFarAhead)  duplicates: \(engine.duplicates)"
                + "  held far ahead: \(engine.held)")
        let rules = engine.alertsByRule.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: " ")
        out.append("  alerts: \(alerts)\(rules.isEmpty ? "" : " (\(rules))")")
        return out.joined(separator: "\n")
    }

    private func format2(_ value: Double) -> String {
        JSONWriter.formatNumber((value * 100).rounded() / 100)
    }
}

/// Runs recorded JSON-lines logs through the detection core, sending alerts to sinks and bad lines to a
/// rejects file with their position and reason. The same input always gives byte-identical alerts.
///
/// A thin driver over `Pipeline`: it reads lines, skips blank ones, and writes what the pipeline refused.
public struct ReplayRunner {
    public var pipeline: Pipeline
    public var sinks: [any AlertSink]
    public var rejects: LineWriter?
    /// Called about every two seconds of wall time with the running summary.
    public var progress: ((ReplaySummary) -> Void)?
    public private(set) var summary = ReplaySummary()
    /// Called with the engine after each delivery of alerts (for reports that chart what the engine still holds).
    public var observe: ((Engine, [Alert]) -> Void)?
    /// Gathers the evidence packs from the engine's trace, when set (the engine must be tracing).
    public var evidence: EvidenceCollector?
    /// Whether the end of input is the end of the stream: the engine's `finish()` flushes everything buffered.
    /// Off when the run continues later from a checkpoint, so events still within the lateness stay buffered.
    public var finishAtEnd = true
    /// 1: one thread reads, decodes and runs the engine in turn. 2: a second thread reads and decodes the next
    /// batches of lines while the engine ingests this one (``ReplayDecoder``); the alerts and rejects are the same.
    public var threads = 1
    static let chunkLines = 16_384

    public init(engine: Engine, sinks: [any AlertSink], rejects: LineWriter? = nil) {
        self.pipeline = Pipeline(engine: engine)
        self.sinks = sinks
        self.rejects = rejects
    }

    /// The engine the replay drives.
    public var engine: Engine { pipeline.engine }

    /// Replays `inputs` in order (`-` is stdin), then flushes the engine and the sinks.
    public mutating func run(inputs: [String]) async throws -> ReplaySummary {
        let started = Self.now()
        var lastProgress = started
        if threads > 1 {
            let decoding = ReplayDecoder(
                inputs: inputs, decoder: pipeline.decoder, batchLines: Self.chunkLines)
            defer { decoding.stop() }
            while case let (path, records, lines, blankLines)? = try await decoding.next() {
                summary.lines += lines
                summary.blankLines += blankLines
                var output = Pipeline.Output()
                pipeline.ingest(records, at: { .line(file: path, line: $0) }, into: &output)
                try await endBatch(&output, started: started, lastProgress: &lastProgress)
            }
        } else {
            for path in inputs {
                var reader = try LineReader(path: path, maxLineBytes: pipeline.decoder.maxBytes)
                var finished = false
                while !finished {
                    var output = Pipeline.Output()
                    var linesInChunk = 0
                    finished = try reader.forEachLine { line, number in
                        handle(line, number: number, path: path, into: &output)
                        linesInChunk += 1
                        return linesInChunk < Self.chunkLines
                    }
                    try await endBatch(&output, started: started, lastProgress: &lastProgress)
                }
            }
        }
        var output = Pipeline.Output()
        if finishAtEnd { pipeline.finish(into: &output) } else { pipeline.endBatch(into: &output) }
        try await deliver(output)
        for sink in sinks { try await sink.flush() }
        rejects?.flush()
        summary.engine = pipeline.engine.statistics
        summary.seconds = Self.now() - started
        return summary
    }

    /// Ends a batch: the engine advances, its alerts and the batch's rejects go out, and progress is reported
    /// every two seconds.
    private mutating func endBatch(_ output: inout Pipeline.Output, started: Double, lastProgress: inout Double)
        async throws
    {
        pipeline.endBatch(into: &output)
        try await deliver(output)
        let now = Self.now()
        if now - lastProgress >= 2, let progress {
            lastProgress = now
            summary.seconds = now - started
            summary.engine = pipeline.engine.statistics
            progress(summary)
        }
    }

    private mutating func deliver(_ output: Pipeline.Output) async throws {
        summary.invalid = pipeline.statistics.invalid
        summary.invalidByReason = pipeline.statistics.invalidByReason
        for rejection in output.rejections { writeReject(rejection) }
        if !output.trace.isEmpty { evidence?.observe(output.trace) }
        guard !output.alerts.isEmpty else { return }
        summary.alerts += output.alerts.count
        for sink in sinks { try await sink.write(output.alerts) }
        observe?(pipeline.engine, output.alerts)
    }

    private mutating func handle(
        _ line: LineReader.Line, number: Int, path: String, into output: inout Pipeline.Output
    ) {
        summary.lines += 1
        switch line {
        case .tooLong(let length, let prefix):
            pipeline.offerOversized(
                length: length, prefix: prefix, tag: number, at: .line(file: path, line: number), into: &output)
        case .text(let bytes):
            if Self.isBlank(bytes) {
                summary.blankLines += 1
                return
            }
            pipeline.offer(bytes, tag: number, at: .line(file: path, line: number), into: &output)
        }
    }

    private func writeReject(_ rejection: Rejection) {
        guard let rejects, case .line(let file, let line) = rejection.position else { return }
        rejects.line(
            RejectRecord(
                source: file, line: line, reason: rejection.reason, field: rejection.field,
                message: rejection.message, raw: rejection.raw, truncated: rejection.truncated
            ).jsonLine())
    }

    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// One rejected input, as written to the rejects (dead-letter) file: where it came from, why, and the input
/// itself (UTF-8 text when it is valid, base64 otherwise) so that nothing is lost.
public struct RejectRecord: Sendable {
    public var source: String
    public var line: Int
    public var reason: String
    public var field: String?
    public var message: String
    public var raw: [UInt8]
    public var truncated: Bool

    public func jsonLine() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("source")
        w.string(source)
        w.key("line")
        w.integer(Int64(line))
        w.key("reason")
        w.string(reason)
        if let field {
            w.key("field")
            w.string(field)
        }
        w.key("message")
        w.string(message)
        if let text = String(validating: raw, as: UTF8.self) {
            w.key("raw")
            w.string(text)
        } else {
            w.key("raw_base64")
            w.string(Base64.encode(raw))
        }
        if truncated {
            w.key("truncated")
            w.bool(true)
        }
        w.endObject()
        return w.output
    }
}

/// Standard base64 (RFC 4648) for the few places that need it without Foundation.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            var n = UInt32(bytes[i]) << 16
            if rest == 2 { n |= UInt32(bytes[i + 1]) << 8 }
            out.append(alphabet[Int((n >> 18) & 63)])
            out.append(alphabet[Int((n >> 12) & 63)])
            out.append(rest == 2 ? alphabet[Int((n >> 6) & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
