/// The one ingest path: raw records with their positions in, accepted events to the engine, rejections and
/// alerts out. Replay, the daemon and the test kit are thin drivers over it: they supply records and
/// positions, decide where rejections go, and when a batch ends.
///
/// The engine advances every `advanceEvery` records (reading the watermark per record would cost a pass over
/// all sources each time) and at the end of each batch. Alerts an advance emits are attributed to the first
/// record of that stretch: a measured event-to-alert delay errs long, never short.
///
/// A second engine, the `shadow`, may run beside the first on the same decoded events: the daemon's shadow rules,
/// or the baseline and candidate rules of a backtest. Each judges lateness and duplicates by its own rules; the
/// rejections reported are the first engine's, and the shadow's alerts come out apart (`shadowAlerts`).
public struct Pipeline: Sendable {
    public var engine: Engine
    public var shadow: Engine?
    public let decoder: EventDecoder
    public let advanceEvery: Int
    public private(set) var statistics = Statistics()
    private var sinceAdvance = 0
    private var stretchStart: RecordPosition?

    /// Counts of what the pipeline refused before the engine saw it.
    public struct Statistics: Sendable, Equatable {
        public var records = 0
        /// Records that were not valid events, by decode reason.
        public var invalidByReason: [String: Int] = [:]
        public var invalid: Int { invalidByReason.values.reduce(0, +) }
    }

    /// What one batch gave.
    public struct Output: Sendable {
        public var accepted = 0
        public var rejections: [Rejection] = []
        public var alerts: [Alert] = []
        /// For each alert, the position of the record after whose stretch it was emitted.
        public var triggers: [RecordPosition?] = []
        /// The engine's evidence trace over the batch, when it is tracing (``Engine/startTracing()``).
        public var trace: [EvidenceTrace] = []
        /// The shadow engine's alerts, when there is one.
        public var shadowAlerts: [Alert] = []

        public init() {}
    }

    public init(engine: Engine, decoder: EventDecoder = EventDecoder(), advanceEvery: Int = 256) {
        precondition(advanceEvery > 0)
        self.engine = engine
        self.decoder = decoder
        self.advanceEvery = advanceEvery
    }

    /// Offers one raw record read from `source` (a Kafka partition, or 0 for a file). `accepted` is called with
    /// the event time and shop of each event the engine took, before any alert it may lead to.
    public mutating func offer(
        _ bytes: UnsafeRawBufferPointer, source: Int = 0, tag: Int, at position: @autoclosure () -> RecordPosition,
        into output: inout Output, accepted: (_ timestamp: Int64, _ shopID: String) -> Void = { _, _ in }
    ) {
        statistics.records += 1
        if sinceAdvance == 0 { stretchStart = position() }
        switch decoder.decode(bytes) {
        case .success(let event):
            admit(
                event, source: source, tag: tag, at: position, raw: { Array(bytes) }, into: &output, accepted: accepted)
        case .failure(let error):
            reject(error, tag: tag, at: position(), raw: Array(bytes), truncated: false, into: &output)
        }
        countAndAdvance(into: &output)
    }

    /// Ingests records decoded ahead (``DecodedRecords``), all read from `source`, as if each had been offered in
    /// turn; `position` gives a record's position from its tag.
    public mutating func ingest(
        _ decoded: consuming DecodedRecords, source: Int = 0, at position: (_ tag: Int) -> RecordPosition,
        into output: inout Output
    ) {
        let bytes = decoded.bytes
        // Taken from the end, each record moves out of the array instead of being copied with its strings.
        var records = decoded.records
        decoded.records = []
        records.reverse()
        while let record = records.popLast() {
            let tag = record.tag
            let range = record.raw
            statistics.records += 1
            if sinceAdvance == 0 { stretchStart = position(tag) }
            switch record.outcome {
            case .event(let event):
                admit(
                    event, source: source, tag: tag, at: { position(tag) }, raw: { Array(bytes[range]) }, into: &output)
            case .invalid(let error, let truncated):
                reject(
                    error, tag: tag, at: position(tag), raw: Array(bytes[range]), truncated: truncated, into: &output)
            }
            countAndAdvance(into: &output)
        }
    }

    /// Offers a record too long to read whole: rejected as `too_long`, with its first bytes.
    public mutating func offerOversized(
        length: Int, prefix: [UInt8], tag: Int, at position: RecordPosition, into output: inout Output
    ) {
        statistics.records += 1
        if sinceAdvance == 0 { stretchStart = position }
        let error = DecodeError(.tooLong, "record is \(length) bytes, the limit is \(decoder.maxBytes)")
        reject(error, tag: tag, at: position, raw: prefix, truncated: true, into: &output)
        countAndAdvance(into: &output)
    }

    /// Ends a batch: advances the engine to its watermark.
    public mutating func endBatch(into output: inout Output) {
        advance(into: &output)
    }

    /// End of input: the engine processes everything it still holds.
    public mutating func finish(into output: inout Output) {
        append(engine.finish(), into: &output)
        if shadow != nil { output.shadowAlerts += shadow!.finish() }
        sinceAdvance = 0
    }

    /// Declares a source to the engine and its shadow (``Engine/addSource(_:)``).
    public mutating func addSource(_ source: Int) {
        engine.addSource(source)
        shadow?.addSource(source)
    }

    /// Marks a source idle or active again in the engine and its shadow (``Engine/setSourceIdle(_:_:)``).
    public mutating func setSourceIdle(_ source: Int, _ idle: Bool) {
        engine.setSourceIdle(source, idle)
        shadow?.setSourceIdle(source, idle)
    }

    /// Forgets a source in the engine and its shadow (``Engine/removeSource(_:)``).
    public mutating func removeSource(_ source: Int) {
        engine.removeSource(source)
        shadow?.removeSource(source)
    }

    /// Hands a decoded event to the engine; one it refuses is rejected with its record's bytes.
    private mutating func admit(
        _ event: consuming Event, source: Int, tag: Int, at position: () -> RecordPosition, raw: () -> [UInt8],
        into output: inout Output, accepted: (_ timestamp: Int64, _ shopID: String) -> Void = { _, _ in }
    ) {
        let time = event.timestamp
        let shopID = event.shopID
        if shadow != nil { _ = shadow!.ingest(copy event, source: source) }
        // The event moves into the engine's buffer: its strings are not copied.
        switch engine.ingest(consume event, source: source) {
        case .accepted, .held:
            output.accepted += 1
            accepted(time, shopID)
        case .duplicate:
            break
        case .late(let watermark):
            output.rejections.append(
                Rejection(
                    tag: tag, position: position(), stage: .eventTime, reason: "late", field: "ts",
                    message: "event time \(Timestamp.format(time)) is before the watermark "
                        + Timestamp.format(watermark), raw: raw(), truncated: false))
        case .tooFarAhead(let frontier):
            output.rejections.append(
                Rejection(
                    tag: tag, position: position(), stage: .eventTime, reason: "too_far_ahead", field: "ts",
                    message: "event time \(Timestamp.format(time)) is too far ahead of "
                        + "\(Timestamp.format(frontier)) while \(engine.rules.engine.maxHeldEvents) other "
                        + "far-ahead events wait", raw: raw(), truncated: false))
        }
    }

    private mutating func reject(
        _ error: DecodeError, tag: Int, at position: RecordPosition, raw: [UInt8], truncated: Bool,
        into output: inout Output
    ) {
        statistics.invalidByReason[error.reason.rawValue, default: 0] += 1
        output.rejections.append(
            Rejection(
                tag: tag, position: position, stage: .decode, reason: error.reason.rawValue, field: error.field,
                message: error.message, raw: raw, truncated: truncated))
    }

    private mutating func countAndAdvance(into output: inout Output) {
        sinceAdvance += 1
        if sinceAdvance == advanceEvery { advance(into: &output) }
    }

    private mutating func advance(into output: inout Output) {
        append(engine.advance(), into: &output)
        if shadow != nil { output.shadowAlerts += shadow!.advance() }
        sinceAdvance = 0
    }

    private mutating func append(_ alerts: [Alert], into output: inout Output) {
        if engine.isTracing { output.trace += engine.drainTrace() }
        guard !alerts.isEmpty else { return }
        output.alerts += alerts
        output.triggers += repeatElement(stretchStart, count: alerts.count)
    }
}
