/// A value that the engine's checkpoint stores: written with ``BinaryWriter``, read back with ``BinaryReader``.
protocol CheckpointCodable {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(CheckpointError)
}

extension Int: CheckpointCodable {
    func write(to writer: inout BinaryWriter) { writer.int(self) }
    init(from reader: inout BinaryReader) throws(CheckpointError) { self = try reader.int() }
}
