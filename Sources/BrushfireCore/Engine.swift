/// What became of one event offered to the engine.
public enum Admission: Sendable, Equatable {
    /// Buffered; it is processed once the watermark passes its event time.
    case accepted
    /// Older than the watermark: counted and rejected with reason `late`.
    case late(watermark: Int64)
    /// Further ahead of the event-time frontier than the rules allow: rejected with reason `too_far_ahead`.
    case tooFarAhead(frontier: Int64)
}

/// The detection core: fed decoded events and event time, returns alerts. Pure and deterministic.
public struct Engine: Sendable {
    public private(set) var rules: Rules
    public let fingerprinter: Fingerprinter

    public init(rules: Rules = .defaults, fingerprinter: Fingerprinter = .development) {
        self.rules = rules
        self.fingerprinter = fingerprinter
    }

    /// Offers one event read from `source` (a Kafka partition, or 0 for a file).
    public mutating func ingest(_ event: Event, source: Int = 0) -> Admission {
        .accepted
    }

    /// Processes every buffered event older than the watermark; returns the alerts that produced.
    public mutating func advance() -> [Alert] { [] }

    /// End of input: processes everything still buffered and returns the last alerts.
    public mutating func finish() -> [Alert] { [] }

    /// Highest event time seen (by the slowest active source) minus the allowed lateness.
    public var watermark: Int64 { Int64.min }

    /// Every accepted event with an event time below this has been processed.
    public var processedThrough: Int64 { Int64.min }

    /// Marks a source idle (caught up, nothing arriving) so it does not hold event time back, or active again.
    public mutating func setSourceIdle(_ source: Int, _ idle: Bool) {}

    /// Forgets a source (a revoked partition).
    public mutating func removeSource(_ source: Int) {}
}
