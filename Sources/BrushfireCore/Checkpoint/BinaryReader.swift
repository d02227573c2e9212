/// Reads what ``BinaryWriter`` wrote. Every read checks the bytes left and every count is checked against them,
/// so corrupt input fails with a ``CheckpointError`` instead of trapping or allocating without bound.
public struct BinaryReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var remaining: Int { bytes.count - position }
    public var isAtEnd: Bool { position == bytes.count }

    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(CheckpointError) -> T
    {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw CheckpointError(.truncated, "\(what()) at byte \(position) needs \(size) bytes, \(remaining) left")
        }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
        position += size
        return T(littleEndian: value)
    }

    public mutating func u8(_ what: @autoclosure () -> String = "byte") throws(CheckpointError) -> UInt8 {
        try fixed(UInt8.self, what())
    }
    public mutating func u32(_ what: @autoclosure () -> String = "u32") throws(CheckpointError) -> UInt32 {
        try fixed(UInt32.self, what())
    }
    public mutating func u64(_ what: @autoclosure () -> String = "u64") throws(CheckpointError) -> UInt64 {
        try fixed(UInt64.self, what())
    }
    public mutating func i64(_ what: @autoclosure () -> String = "i64") throws(CheckpointError) -> Int64 {
        try fixed(Int64.self, what())
    }
    public mutating func i32(_ what: @autoclosure () -> String = "i32") throws(CheckpointError) -> Int32 {
        try fixed(Int32.self, what())
    }
    public mutating func int(_ what: @autoclosure () -> String = "int") throws(CheckpointError) -> Int {
        Int(truncatingIfNeeded: try fixed(Int64.self, what()))
    }
    public mutating func f64(_ what: @autoclosure () -> String = "double") throws(CheckpointError) -> Double {
        Double(bitPattern: try fixed(UInt64.self, what()))
    }

    public mutating func bool(_ what: @autoclosure () -> String = "flag") throws(CheckpointError) -> Bool {
        let byte = try u8(what())
        guard byte <= 1 else { throw CheckpointError(.malformed, "\(what()) at byte \(position - 1) is \(byte)") }
        return byte == 1
    }

    /// A count of elements that each take at least `minimumSize` bytes: checked against the bytes left.
    public mutating func count(_ what: @autoclosure () -> String, minimumSize: Int = 1) throws(CheckpointError) -> Int {
        let value = Int(try fixed(UInt32.self, what()))
        guard value <= remaining / max(minimumSize, 1) else {
            throw CheckpointError(
                .malformed, "\(what()) at byte \(position - 4) claims \(value) entries, only \(remaining) bytes left")
        }
        return value
    }

    public mutating func string(_ what: @autoclosure () -> String = "string") throws(CheckpointError) -> String {
        let length = try count(what())
        let text = String(decoding: bytes[position..<position + length], as: UTF8.self)
        position += length
        return text
    }

    public mutating func optionalI64(_ what: @autoclosure () -> String = "i64") throws(CheckpointError) -> Int64? {
        try bool(what()) ? try i64(what()) : nil
    }

    public mutating func optionalString(_ what: @autoclosure () -> String = "string") throws(CheckpointError)
        -> String?
    {
        try bool(what()) ? try string(what()) : nil
    }

    public mutating func strings(_ what: @autoclosure () -> String = "strings") throws(CheckpointError) -> [String] {
        let n = try count(what(), minimumSize: 4)
        var values: [String] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try string(what())) }
        return values
    }

    public mutating func block(_ what: @autoclosure () -> String = "block") throws(CheckpointError) -> [UInt8] {
        let length = try u64(what())
        guard length <= UInt64(remaining) else {
            throw CheckpointError(.truncated, "\(what()) at byte \(position - 8) is \(length) bytes, \(remaining) left")
        }
        let value = Array(bytes[position..<position + Int(length)])
        position += Int(length)
        return value
    }

    /// Fails unless every byte was read.
    public func expectEnd(_ what: String) throws(CheckpointError) {
        guard isAtEnd else { throw CheckpointError(.malformed, "\(remaining) unexpected bytes after \(what)") }
    }
}
