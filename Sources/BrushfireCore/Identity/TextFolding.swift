/// Scalar-level folding shared by the normalisers: full-width forms to ASCII, and the character classes they test.
///
/// Works on `Unicode.Scalar` values so the normalisers stay on arrays of scalars and never touch Foundation.
enum TextFolding {
    /// Maps full-width ASCII (U+FF01–FF5E) to ASCII and the ideographic space to a space; other scalars unchanged.
    @inline(__always)
    static func halfWidth(_ value: UInt32) -> UInt32 {
        switch value {
        case 0xFF01...0xFF5E: return value - 0xFEE0
        case 0x3000: return 0x20
        default: return value
        }
    }

    /// Whitespace, including no-break, ideographic and zero-width spaces and the byte-order mark.
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200D, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
            0xFEFF:
            return true
        default:
            return false
        }
    }

    /// A dash of any width or style (hyphen-minus, Unicode dashes, the Katakana prolonged sound mark used as one).
    @inline(__always)
    static func isDash(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0x30FC, 0xFE58, 0xFE63, 0xFF0D, 0xFF70: return true
        default: return false
        }
    }

    /// ASCII and CJK punctuation that carries no meaning in an address or a name.
    @inline(__always)
    static func isPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0xB7, 0x2016...0x2027, 0x2030...0x205E: return true
        case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F, 0x30FB: return true
        case 0xFE10...0xFE19, 0xFE30...0xFE4F, 0xFE50...0xFE6B, 0xFF5F...0xFF65: return true
        default: return false
        }
    }

    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool { value &- 0x30 < 10 }

    @inline(__always)
    static func isASCIILetter(_ value: UInt32) -> Bool { (value | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func uppercased(_ value: UInt32) -> UInt32 { value &- 0x61 < 26 ? value - 0x20 : value }

    @inline(__always)
    static func lowercased(_ value: UInt32) -> UInt32 { value &- 0x41 < 26 ? value + 0x20 : value }

    /// A CJK unified ideograph (the basic block and extension A), i.e. a Chinese character.
    @inline(__always)
    static func isIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
    }
}
