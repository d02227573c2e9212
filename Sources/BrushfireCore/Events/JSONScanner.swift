/// A position-tracking scanner over one JSON text in raw bytes. It validates syntax as it skips values and
/// reports where string and number tokens lie, so the decoder can pick out only the fields it needs.
@usableFromInline
struct JSONScanner {
    /// What kind of JSON value a token is.
    enum ValueKind: UInt8 {
        case string, number, object, array, bool, null
    }

    /// Where a scanned value lies in the input.
    struct Token {
        var kind: ValueKind
        var start: Int
        var end: Int
        /// For strings: the raw slice contains backslash escapes. For numbers: it has a fraction or exponent.
        var flag: Bool
        /// For strings: every byte of the raw slice is ASCII, so its length in code points is its length in bytes.
        var ascii = false
    }

    struct Failure: Error {
        var message: String
    }

    let base: UnsafePointer<UInt8>
    let count: Int
    var position: Int
    static let maximumDepth = 512

    init(base: UnsafePointer<UInt8>, count: Int, position: Int = 0) {
        self.base = base
        self.count = count
        self.position = position
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    @inline(__always)
    func peek() -> UInt8? {
        position < count ? base[position] : nil
    }

    func unexpected(_ expected: String) -> Failure {
        if position >= count {
            return Failure(message: "unexpected end of input at byte \(position), expected \(expected)")
        }
        let byte = base[position]
        let shown =
            byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
        return Failure(message: "unexpected \(shown) at byte \(position), expected \(expected)")
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard position < count, base[position] == byte else { throw unexpected(what) }
        position += 1
    }

    /// Scans a string token starting at the opening quote. The token's range excludes the quotes.
    mutating func scanString() throws(Failure) -> Token {
        guard position < count, base[position] == UInt8(ascii: "\"") else { throw unexpected("a string") }
        position += 1
        let start = position
        var escaped = false
        var high: UInt64 = 0
        while true {
            // Eight bytes at a time while none of them is a quote, a backslash or a control character.
            while position &+ 8 <= count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                guard !Self.hasSpecialByte(word) else { break }
                high |= word
                position &+= 8
            }
            guard position < count else { break }
            let byte = base[position]
            high |= UInt64(byte)
            if byte == UInt8(ascii: "\"") {
                let ascii = high & 0x8080_8080_8080_8080 == 0
                let token = Token(kind: .string, start: start, end: position, flag: escaped, ascii: ascii)
                position += 1
                return token
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 1
                guard position < count else { break }
                switch base[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    guard position + 4 < count else {
                        position = count
                        throw unexpected("four hex digits")
                    }
                    for offset in 1...4 where Self.hexValue(base[position + offset]) == nil {
                        position += offset
                        throw unexpected("a hex digit")
                    }
                    position += 5
                default:
                    throw unexpected("a valid escape")
                }
                continue
            }
            if byte < 0x20 {
                throw unexpected("no raw control character inside a string")
            }
            position += 1
        }
        throw Failure(message: "unterminated string starting at byte \(start - 1)")
    }

    /// Whether any byte of `word` is `"`, `\\` or below 0x20: the bytes that end a run of plain string content.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & highs != 0
    }

    /// Scans a number token in JSON's grammar. `flag` is set when it has a fraction or an exponent.
    mutating func scanNumber() throws(Failure) -> Token {
        let start = position
        var decimal = false
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), first >= 0x30, first <= 0x39 else { throw unexpected("a digit") }
        position += 1
        if first != 0x30 {
            while let d = peek(), d >= 0x30, d <= 0x39 { position += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            decimal = true
            position += 1
            guard let d = peek(), d >= 0x30, d <= 0x39 else { throw unexpected("a digit after '.'") }
            while let d = peek(), d >= 0x30, d <= 0x39 { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            decimal = true
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), d >= 0x30, d <= 0x39 else { throw unexpected("a digit in the exponent") }
            while let d = peek(), d >= 0x30, d <= 0x39 { position += 1 }
        }
        return Token(kind: .number, start: start, end: position, flag: decimal)
    }

    mutating func scanLiteral(_ text: StaticString, kind: ValueKind) throws(Failure) -> Token {
        let start = position
        let length = text.utf8CodeUnitCount
        guard position + length <= count else {
            position = count
            throw unexpected("'\(text)'")
        }
        for i in 0..<length where base[position + i] != text.utf8Start[i] {
            position += i
            throw unexpected("'\(text)'")
        }
        position += length
        return Token(kind: kind, start: start, end: position, flag: false)
    }

    /// Scans any value, validating nested containers, and returns its token.
    mutating func scanValue(depth: Int = 0) throws(Failure) -> Token {
        guard let byte = peek() else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else {
                throw Failure(message: "nesting deeper than \(Self.maximumDepth) at byte \(position)")
            }
            let start = position
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipWhitespace()
            if peek() == close {
                position += 1
                return Token(kind: isObject ? .object : .array, start: start, end: position, flag: false)
            }
            while true {
                if isObject {
                    _ = try scanString()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':'")
                    skipWhitespace()
                }
                _ = try scanValue(depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw unexpected(isObject ? "',' or '}'" : "',' or ']'") }
                position += 1
                if next == close { break }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw unexpected(isObject ? "',' or '}'" : "',' or ']'")
                }
                skipWhitespace()
            }
            return Token(kind: isObject ? .object : .array, start: start, end: position, flag: false)
        case UInt8(ascii: "t"):
            return try scanLiteral("true", kind: .bool)
        case UInt8(ascii: "f"):
            return try scanLiteral("false", kind: .bool)
        case UInt8(ascii: "n"):
            return try scanLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanNumber()
        default:
            throw unexpected("a value")
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - 0x41 + 10)
        default: nil
        }
    }
}

/// Strict UTF-8 validation (no overlongs, no encoded surrogates, nothing above U+10FFFF), ASCII fast path.
enum UTF8Validation {
    static func isValid(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i < count {
            // Eight ASCII bytes at a time.
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return false
            }
            guard i + length <= count else { return false }
            let b1 = base[i + 1]
            guard b1 >= lower, b1 <= upper else { return false }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 {
                return false
            }
            i += length
        }
        return true
    }
}
