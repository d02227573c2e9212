/// Reads what ``BinaryWriter`` wrote. Every read checks the bytes left and every count is checked against them,
/// so corrupt input fails with a ``CheckpointError`` instead of trapping or allocating without bound.
public struct BinaryReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int
    /// Where the bytes this reader may read end: the end of `bytes`, or of one section within them.
    public let end: Int

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.init(bytes, range: position..<bytes.count)
    }

    /// A reader of `range` of `bytes` only (which must lie within them), without copying them.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the bytes")
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position == end }

    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(CheckpointError) -> T
    {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw CheckpointError(.truncated, "\(what()) at byte \(position) needs \(size) bytes, \(remaining) left")
        }
        let at = position
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) }
        position = at + size
        return T(littleEndian: value)
    }

    public mutating func u8(_ what: @autoclosure () -> String = "byte") throws(CheckpointError) -> UInt8 {
        guard position < end else { throw CheckpointError(.truncated, "\(what()) at byte \(position): no bytes left") }
        position += 1
        return bytes[position - 1]
    }
    public mutating func u16(_ what: @autoclosure () -> String = "u16") throws(CheckpointError) -> UInt16 {
        try fixed(UInt16.self, what())
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

    /// What ``BinaryWriter/varint(_:)`` wrote.
    @inline(__always)
    public mutating func varint(_ what: @autoclosure () -> String = "varint") throws(CheckpointError) -> UInt64 {
        let start = position
        let limit = end
        // Read without a closure that could throw: the loop reports how far it got, the checks follow.
        let (value, next, complete) = bytes.withUnsafeBufferPointer { buffer -> (UInt64, Int, Bool) in
            var value: UInt64 = 0
            var shift: UInt64 = 0
            var at = start
            while at < limit && shift < 64 {
                let byte = buffer[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 {
                    // The tenth byte holds the top bit only.
                    return (value, at, shift < 63 || byte <= 1)
                }
                shift += 7
            }
            return (value, at, false)
        }
        guard complete else {
            if next >= limit && next - start < 10 {
                throw CheckpointError(.truncated, "\(what()) at byte \(start) ends after \(next - start) bytes")
            }
            throw CheckpointError(.malformed, "\(what()) at byte \(start) is longer than 64 bits")
        }
        position = next
        return value
    }

    /// What ``BinaryWriter/signed(_:)`` wrote.
    @inline(__always)
    public mutating func signed(_ what: @autoclosure () -> String = "integer") throws(CheckpointError) -> Int64 {
        let zigzag = try varint(what())
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// A signed varint that must fit 32 bits.
    @inline(__always)
    public mutating func signed32(_ what: @autoclosure () -> String = "integer") throws(CheckpointError) -> Int32 {
        let value = try signed(what())
        guard let narrow = Int32(exactly: value) else {
            throw CheckpointError(.malformed, "\(what()) before byte \(position) is \(value), beyond 32 bits")
        }
        return narrow
    }

    /// A signed varint as an `Int`.
    public mutating func signedInt(_ what: @autoclosure () -> String = "integer") throws(CheckpointError) -> Int {
        Int(truncatingIfNeeded: try signed(what()))
    }

    /// A count of elements that each take at least `minimumSize` bytes: checked against the bytes left.
    @inline(__always)
    public mutating func count(_ what: @autoclosure () -> String, minimumSize: Int = 1) throws(CheckpointError) -> Int {
        let start = position
        let value = try varint(what())
        // Below 2^32 entries of under 2^31 bytes each: the product cannot overflow.
        guard value <= UInt64(UInt32.max), Int(value) &* max(minimumSize, 1) <= remaining else {
            throw CheckpointError(
                .malformed, "\(what()) at byte \(start) claims \(value) entries, only \(remaining) bytes left")
        }
        return Int(value)
    }

    public mutating func string(_ what: @autoclosure () -> String = "string") throws(CheckpointError) -> String {
        let length = try count(what())
        let at = position
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[at..<at + length]), as: UTF8.self)
        }
        position = at + length
        return text
    }

    /// A string that must be well-formed UTF-8 (``string(_:)`` repairs bad bytes instead): for bytes from a
    /// topic, which another build or another program may have written.
    public mutating func validString(_ what: @autoclosure () -> String = "string") throws(CheckpointError) -> String {
        let length = try count(what())
        let at = position
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[at..<at + length]), as: UTF8.self)
        }
        guard let text else { throw CheckpointError(.malformed, "\(what()) at byte \(at) is not UTF-8") }
        position = at + length
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
        let n = try count(what())
        var values: [String] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try string(what())) }
        return values
    }

    public mutating func block(_ what: @autoclosure () -> String = "block") throws(CheckpointError) -> [UInt8] {
        let range = try blockRange(what())
        return Array(bytes[range])
    }

    /// Where the bytes of what ``BinaryWriter/block(_:)`` wrote lie, without copying them.
    public mutating func blockRange(_ what: @autoclosure () -> String = "block") throws(CheckpointError) -> Range<Int> {
        let length = try u64(what())
        guard length <= UInt64(remaining) else {
            throw CheckpointError(.truncated, "\(what()) at byte \(position - 8) is \(length) bytes, \(remaining) left")
        }
        let range = position..<position + Int(length)
        position = range.upperBound
        return range
    }

    /// An event time (epoch milliseconds), held to the contract's 2000–2099 like a decoded one: the windows' day,
    /// hour and pane arithmetic relies on it, and a damaged time would overflow there instead of being refused here.
    mutating func time(_ what: @autoclosure () -> String) throws(CheckpointError) -> Int64 {
        let value = try fixed(Int64.self, what())
        guard value >= Timestamp.earliest, value < Timestamp.endOfRange else {
            throw CheckpointError(.malformed, "\(what()) \(value) at byte \(position - 8) is outside 2000–2099")
        }
        return value
    }

    /// An event time, or `Int64.min` for a sweep or check that has not run yet.
    mutating func timeOrNever(_ what: @autoclosure () -> String) throws(CheckpointError) -> Int64 {
        let value = try fixed(Int64.self, what())
        guard value == Int64.min || (value >= Timestamp.earliest && value < Timestamp.endOfRange) else {
            throw CheckpointError(.malformed, "\(what()) \(value) at byte \(position - 8) is outside 2000–2099")
        }
        return value
    }

    /// Fails unless every byte was read.
    public func expectEnd(_ what: String) throws(CheckpointError) {
        guard isAtEnd else { throw CheckpointError(.malformed, "\(remaining) unexpected bytes after \(what)") }
    }
}
