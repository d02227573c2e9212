/// Appends values to a byte buffer in a fixed little-endian layout: the checkpoint encoding. Fixed-width values are
/// stored in place (no per-value append), counts and small integers as LEB128 varints, so millions of keys encode in
/// a fraction of a second. No Foundation.
public struct BinaryWriter: Sendable {
    /// The bytes written are `storage[..<count]`; the rest is zeroed room for more.
    private var storage: [UInt8]
    public private(set) var count = 0
    /// The first value that could not be written. Writing goes on (what follows is discarded), and a section or a
    /// part with a failure is not returned but thrown: values are written without `throws`, which would keep the
    /// compiler from reading a table's entries in place.
    public private(set) var failure: CheckpointError?

    public init(capacity: Int = 4096) {
        storage = [UInt8](repeating: 0, count: max(capacity, 64))
    }

    /// The bytes written so far (a copy when room for more is reserved: call ``finish()`` to take them instead).
    public var bytes: [UInt8] { count == storage.count ? storage : Array(storage[..<count]) }

    /// The bytes written, without copying them; the writer is left empty.
    public mutating func finish() -> [UInt8] {
        storage.removeSubrange(count...)
        var taken: [UInt8] = []
        swap(&taken, &storage)
        count = 0
        return taken
    }

    /// Makes room for `more` bytes beyond those written.
    public mutating func reserve(_ more: Int) {
        guard count + more > storage.count else { return }
        let target = max(count + more, storage.count * 2)
        storage.append(contentsOf: repeatElement(0, count: target - storage.count))
    }

    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        if count + size > storage.count { reserve(size) }
        let at = count
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self) }
        count = at + size
    }

    public mutating func u8(_ value: UInt8) {
        if count == storage.count { reserve(1) }
        storage[count] = value
        count += 1
    }
    public mutating func u16(_ value: UInt16) { fixed(value) }
    public mutating func u32(_ value: UInt32) { fixed(value) }
    public mutating func u64(_ value: UInt64) { fixed(value) }
    public mutating func i64(_ value: Int64) { fixed(value) }
    /// An `Int` as 64 bits.
    public mutating func int(_ value: Int) { fixed(Int64(value)) }
    public mutating func i32(_ value: Int32) { fixed(value) }
    public mutating func f64(_ value: Double) { fixed(value.bitPattern) }
    public mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    /// An unsigned integer in 1 to 10 bytes, 7 bits each, low bits first (LEB128).
    @inline(__always)
    public mutating func varint(_ value: UInt64) {
        if count + 10 > storage.count { reserve(10) }
        let start = count
        count = storage.withUnsafeMutableBufferPointer { buffer in
            var rest = value
            var at = start
            while rest >= 0x80 {
                buffer[at] = UInt8(truncatingIfNeeded: rest) | 0x80
                rest >>= 7
                at += 1
            }
            buffer[at] = UInt8(truncatingIfNeeded: rest)
            return at + 1
        }
    }

    /// A signed integer as a varint of its zigzag form: small magnitudes of either sign take few bytes.
    @inline(__always)
    public mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Records that a value could not be written (the first such failure is kept).
    public mutating func fail(_ error: CheckpointError) {
        if failure == nil { failure = error }
    }

    /// A count of the elements that follow. Counts are 32-bit in the format: a larger one cannot be written.
    public mutating func count(_ value: Int, _ what: @autoclosure () -> String = "count") {
        guard value >= 0, value <= Int(UInt32.max) else {
            fail(CheckpointError(.unencodable, "\(what()): \(value) entries do not fit a 32-bit count"))
            varint(0)
            return
        }
        varint(UInt64(value))
    }

    public mutating func string(_ value: String) {
        var value = value
        count(value.utf8.count, "string length")
        value.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
    }

    /// Bytes as they are, without a length.
    public mutating func raw(_ source: UnsafeRawBufferPointer) {
        guard !source.isEmpty else { return }
        reserve(source.count)
        let at = count
        storage.withUnsafeMutableBytes { target in
            target.baseAddress!.advanced(by: at).copyMemory(from: source.baseAddress!, byteCount: source.count)
        }
        count = at + source.count
    }

    public mutating func optionalI64(_ value: Int64?) {
        bool(value != nil)
        if let value { i64(value) }
    }

    public mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    public mutating func strings(_ values: [String]) {
        count(values.count, "strings")
        for value in values { string(value) }
    }

    /// Raw bytes with their length (64 bits), e.g. a nested part.
    public mutating func block(_ value: [UInt8]) {
        fixed(UInt64(value.count))
        value.withUnsafeBytes { raw($0) }
    }

    /// Overwrites a 64-bit value written earlier at `position` (a length known only once what follows is written).
    mutating func patch(_ value: UInt64, at position: Int) {
        storage.withUnsafeMutableBytes {
            $0.storeBytes(of: value.littleEndian, toByteOffset: position, as: UInt64.self)
        }
    }
}
