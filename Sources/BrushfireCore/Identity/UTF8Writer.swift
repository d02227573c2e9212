/// Writes Unicode scalar values and strings as UTF-8 into a buffer sized beforehand, so a normaliser builds its
/// result `String` in one allocation.
struct UTF8Writer {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// Bytes `value` takes in UTF-8.
    @inline(__always)
    static func length(of value: UInt32) -> Int { value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4 }

    mutating func write(_ strings: String?...) {
        for case var string? in strings {
            string.withUTF8 { bytes in
                for byte in bytes { append(byte) }
            }
        }
    }

    @inline(__always)
    mutating func write(scalar value: UInt32) {
        switch value {
        case 0..<0x80:
            append(UInt8(truncatingIfNeeded: value))
        case 0x80..<0x800:
            append(UInt8(truncatingIfNeeded: 0xC0 | value >> 6))
            append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
        case 0x800..<0x10000:
            append(UInt8(truncatingIfNeeded: 0xE0 | value >> 12))
            append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
        default:
            append(UInt8(truncatingIfNeeded: 0xF0 | value >> 18))
            append(UInt8(truncatingIfNeeded: 0x80 | value >> 12 & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | value >> 6 & 0x3F))
            append(UInt8(truncatingIfNeeded: 0x80 | value & 0x3F))
        }
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }
}
