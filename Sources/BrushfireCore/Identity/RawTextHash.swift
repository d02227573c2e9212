#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hashing and comparing the UTF-8 bytes of raw receiver text in place, for the receiver cache: eight bytes at a
/// step, no copy of the string. Only chooses cache slots, so it need not be stable across versions.
enum RawTextHash {
    @inline(__always)
    static func of(_ text: String) -> UInt64 {
        if let hash = text.utf8.withContiguousStorageIfAvailable({ of(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var copy = text
        return copy.withUTF8 { of(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// A multiply–xorshift hash over 64-bit words (the last one overlapping, for texts of eight bytes or more).
    static func of(bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var i = 0
        while i &+ 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i &+= 8
        }
        if i < count {
            var word: UInt64 = 0
            if count >= 8 {
                // The last eight bytes, shifted so only the ones not yet hashed remain.
                let last = bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
                word = last >> UInt64(truncatingIfNeeded: (8 &- (count &- i)) &* 8)
            } else {
                var shift: UInt64 = 0
                while i < count {
                    word |= UInt64(bytes[i]) << shift
                    shift &+= 8
                    i &+= 1
                }
            }
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        }
        return StableHash.mix(h)
    }

    /// Whether two strings hold the same UTF-8 bytes (not `==`, which compares by canonical equivalence).
    @inline(__always)
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let length = a.utf8.count
        guard length == b.utf8.count else { return false }
        let result = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                length == 0 || memcmp(x.baseAddress!, y.baseAddress!, length) == 0
            }
        }
        if let result, let result { return result }
        return a.utf8.elementsEqual(b.utf8)
    }
}
