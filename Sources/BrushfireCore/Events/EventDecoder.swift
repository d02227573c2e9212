/// Decodes one JSON event (a line or a Kafka message) from bytes.
public struct EventDecoder: Sendable {
    /// Longer inputs are rejected with `too_long` before any parsing.
    public var maxBytes: Int

    public init(maxBytes: Int = 1 << 20) {
        self.maxBytes = maxBytes
    }

    public func decode(_ bytes: UnsafeRawBufferPointer) -> Result<Event, DecodeError> {
        .failure(DecodeError(.malformedJSON, "decoder not implemented yet"))
    }

    public func decode(_ bytes: [UInt8]) -> Result<Event, DecodeError> {
        bytes.withUnsafeBytes { decode($0) }
    }
}
