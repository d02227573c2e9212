/// A value that the engine's checkpoint stores: written with ``BinaryWriter``, read back with ``BinaryReader``.
protocol CheckpointCodable {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(CheckpointError)
}

extension BinaryWriter {
    /// A `Codable` value as a length-prefixed block; an empty block when it cannot be encoded (the reader then
    /// starts that value empty rather than failing the whole checkpoint).
    mutating func codable<T: Encodable>(_ value: T) {
        var inner = BinaryWriter(capacity: 256)
        do {
            try CheckpointEncoder.encode(value, into: &inner)
            block(inner.bytes)
        } catch {
            block([])
        }
    }
}

extension BinaryReader {
    /// Reads what ``BinaryWriter/codable(_:)`` wrote; `nil` for an empty block.
    mutating func codable<T: Decodable>(_ type: T.Type, _ what: @autoclosure () -> String) throws(CheckpointError)
        -> T?
    {
        let bytes = try block(what())
        guard !bytes.isEmpty else { return nil }
        var inner = BinaryReader(bytes)
        let value = try CheckpointDecoder.decode(type, from: &inner)
        try inner.expectEnd(what())
        return value
    }
}

extension Int: CheckpointCodable {
    func write(to writer: inout BinaryWriter) { writer.int(self) }
    init(from reader: inout BinaryReader) throws(CheckpointError) { self = try reader.int() }
}
