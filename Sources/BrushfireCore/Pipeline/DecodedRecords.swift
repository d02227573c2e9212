/// Raw records decoded ahead of the engine, in input order, with their bytes: the decode stage of a ``Pipeline``,
/// taken by ``Pipeline/ingest(_:source:at:into:)``. Decoding touches no engine state, so a driver may decode the
/// next stretch on another thread while the engine ingests this one; ingesting decoded records gives exactly what
/// offering the same records one by one does.
public struct DecodedRecords: Sendable {
    enum Outcome: Sendable {
        case event(Event)
        case invalid(DecodeError, truncated: Bool)
    }

    struct Record: Sendable {
        var tag: Int
        var outcome: Outcome
        /// Where the record's bytes (its first bytes when truncated) lie in `bytes`.
        var raw: Range<Int>
    }

    public let decoder: EventDecoder
    var records: [Record] = []
    /// Every record's bytes, back to back: a rejection carries its record's.
    private(set) var bytes: [UInt8] = []

    public init(decoder: EventDecoder = EventDecoder()) {
        self.decoder = decoder
    }

    /// Records held.
    public var count: Int { records.count }

    /// Decodes one raw record; `tag` is the driver's handle on it (a line number).
    public mutating func append(_ raw: UnsafeRawBufferPointer, tag: Int) {
        let start = bytes.count
        bytes.append(contentsOf: raw)
        let outcome: Outcome =
            switch decoder.decode(raw) {
            case .success(let event): .event(event)
            case .failure(let error): .invalid(error, truncated: false)
            }
        records.append(Record(tag: tag, outcome: outcome, raw: start..<bytes.count))
    }

    /// A record too long to read whole, kept as its first bytes: it will be rejected as `too_long`.
    public mutating func appendOversized(length: Int, prefix: [UInt8], tag: Int) {
        let start = bytes.count
        bytes.append(contentsOf: prefix)
        let error = DecodeError(.tooLong, "record is \(length) bytes, the limit is \(decoder.maxBytes)")
        records.append(Record(tag: tag, outcome: .invalid(error, truncated: true), raw: start..<bytes.count))
    }

    func raw(_ record: Record) -> [UInt8] {
        Array(bytes[record.raw])
    }
}
