/// Appends values to a byte buffer in a fixed little-endian layout: the checkpoint encoding. No Foundation, no
/// per-value allocation, so millions of keys encode in a fraction of a second.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        // Byte by byte into reserved capacity: faster than appending a buffer pointer for 4- and 8-byte values.
        var rest = value
        for _ in 0..<MemoryLayout<T>.size {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func u32(_ value: UInt32) { fixed(value) }
    public mutating func u64(_ value: UInt64) { fixed(value) }
    public mutating func i64(_ value: Int64) { fixed(value) }
    /// An `Int` as 64 bits.
    public mutating func int(_ value: Int) { fixed(Int64(value)) }
    public mutating func i32(_ value: Int32) { fixed(value) }
    public mutating func f64(_ value: Double) { fixed(value.bitPattern) }
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A count of the elements that follow.
    public mutating func count(_ value: Int) { fixed(UInt32(truncatingIfNeeded: value)) }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
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
        count(values.count)
        for value in values { string(value) }
    }

    /// Raw bytes with their length, e.g. a nested section.
    public mutating func block(_ value: [UInt8]) {
        fixed(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Overwrites a count written earlier at `position` (for containers whose size is known only at their end).
    mutating func patchCount(at position: Int, _ value: Int) {
        let count = UInt32(truncatingIfNeeded: value).littleEndian
        withUnsafeBytes(of: count) { raw in
            for i in 0..<4 { bytes[position + i] = raw[i] }
        }
    }

    /// Reserves room for `count` more bytes.
    public mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }
}
