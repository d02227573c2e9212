/// Folds a receiver's name so trivial spelling differences do not split one person into two.
public enum NameNormalizer {
    /// Trims, maps full-width forms to ASCII, lower-cases Latin letters, folds whitespace runs to one space
    /// (none between two Chinese characters: `张 三` is `张三`) and unifies the middle dots of transliterated
    /// names (`阿卜杜・热合曼` is `阿卜杜·热合曼`).
    public static func normalize(_ raw: String) -> String {
        var result = String()
        result.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        var last: UInt32 = 0
        for scalar in raw.unicodeScalars {
            var value = TextFolding.halfWidth(scalar.value)
            if TextFolding.isSpace(value) {
                pendingSpace = last != 0
                continue
            }
            if isMiddleDot(value) { value = 0xB7 }
            value = TextFolding.lowercased(value)
            if pendingSpace && !(TextFolding.isIdeograph(last) && TextFolding.isIdeograph(value)) && value != 0xB7
                && last != 0xB7
            {
                result.unicodeScalars.append(" ")
            }
            pendingSpace = false
            result.unicodeScalars.append(Unicode.Scalar(value).unsafelyUnwrapped)
            last = value
        }
        return result
    }

    @inline(__always)
    private static func isMiddleDot(_ value: UInt32) -> Bool {
        switch value {
        case 0xB7, 0x387, 0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF65: return true
        default: return false
        }
    }
}
