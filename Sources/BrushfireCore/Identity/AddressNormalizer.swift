/// Reduces a mainland Chinese delivery address to region names, a canonical form and a vagueness class.
///
/// Folding: full-width forms to ASCII, whitespace and punctuation dropped, Latin letters upper-cased. Region:
/// province and prefecture-level division from `RegionTable` (full or short names; the province is inferred from
/// the city), county-level division by suffix grammar (区, 县, 市, 旗, 自治县/自治旗). Street part: building,
/// unit and room spellings unified (`3幢201室`, `3栋201`, `3号楼201` and `3-201` all become `3-201`). Runs once per
/// order on the hot path: arrays of scalar values, no Foundation.
public enum AddressNormalizer {
    /// Normalises one address; never fails, unusable input comes back with vagueness `.empty`.
    public static func normalize(_ raw: String) -> NormalizedAddress {
        var text = fold(raw)
        guard !text.isEmpty else {
            return NormalizedAddress(
                province: nil, city: nil, district: nil, canonical: "", vagueness: .empty, display: "")
        }
        let region = Region(parsing: text)
        let bodyEnd = foldStreetPart(&text, from: region.end)
        guard region.end > 0 || bodyEnd > 0 else {
            return NormalizedAddress(
                province: nil, city: nil, district: nil, canonical: "", vagueness: .empty, display: "")
        }
        let vagueness = classify(text, bodyStart: region.end, bodyEnd: bodyEnd)
        let table = RegionTable.shared
        let province = region.province.map { table.provinces[$0].name }
        let city = region.city.map { table.cities[$0].name }
        let regionBytes = (province?.utf8.count ?? 0) + (city?.utf8.count ?? 0) + (region.district?.utf8.count ?? 0)
        var bodyBytes = 0
        for index in region.end..<bodyEnd { bodyBytes += UTF8Writer.length(of: text[index]) }
        let canonical = String(unsafeUninitializedCapacity: regionBytes + bodyBytes) { buffer in
            var writer = UTF8Writer(buffer: buffer)
            writer.write(province, city, region.district)
            for index in region.end..<bodyEnd { writer.write(scalar: text[index]) }
            return writer.count
        }
        let display = String(unsafeUninitializedCapacity: regionBytes + 3) { buffer in
            var writer = UTF8Writer(buffer: buffer)
            writer.write(province, city, region.district)
            writer.write(scalar: 0x2026)  // …
            return writer.count
        }
        return NormalizedAddress(
            province: province, city: city ?? (region.municipality ? province : nil), district: region.district,
            canonical: canonical, vagueness: vagueness, display: display)
    }

    /// Full-width to ASCII, upper-case letters, whitespace and punctuation dropped, dashes unified to `-`.
    static func fold(_ raw: String) -> [UInt32] {
        var text: [UInt32] = []
        text.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            let value = TextFolding.halfWidth(scalar.value)
            if TextFolding.isSpace(value) { continue }
            if TextFolding.isDash(value) || value == 0x23 {
                // `3-201`, `3#楼`: only meaningful after a number or letter.
                if let last = text.last, isAlphanumeric(last) { text.append(TextFolding.isDash(value) ? 0x2D : 0x23) }
            } else if !TextFolding.isPunctuation(value) {
                let folded = TextFolding.uppercased(value)
                // …and a dash only before one.
                if text.last == 0x2D && !isAlphanumeric(folded) { text.removeLast() }
                text.append(folded)
            }
        }
        if text.last == 0x2D { text.removeLast() }
        var prefix = 0
        while prefix + 2 < text.count && text[prefix] == 0x4E2D && text[prefix + 1] == 0x56FD { prefix += 2 }  // 中国
        if prefix > 0 { text.removeFirst(prefix) }
        return text
    }

    /// Rewrites the street part in place from `start` and returns its new end.
    ///
    /// A lone Chinese numeral before 号, 栋, 单元, 楼, 层 or 室 becomes a digit; `#` is 号; 栋, 幢, 座, 号楼 and 单元
    /// between two numbers (or letters) become `-` and after a number at the end are dropped, as is 室. Applying it
    /// to its own output changes nothing, so canonical forms are fixed points.
    static func foldStreetPart(_ text: inout [UInt32], from start: Int) -> Int {
        let count = text.count
        // Pass 1: a lone Chinese numeral before a unit word is a digit (`三栋` is `3栋`).
        var previous: UInt32 = 0
        for index in start..<count {
            let value = text[index]
            let next: UInt32 = index + 1 < count ? text[index + 1] : 0
            if let digit = Scalar.chineseDigit(value), Scalar.chineseDigit(previous) == nil,
                Scalar.isUnitAfterNumber(next)
            {
                text[index] = 0x30 + digit
            }
            previous = value
        }
        // Pass 2: building and unit words between two numbers become `-`, after a number and before anything
        // else they go; 室 after a number goes too; `#` is 号.
        var write = start
        var read = start
        while read < count {
            var value = text[read]
            if value == 0x23 { value = Scalar.hao }
            let previous: UInt32 = write > start ? text[write - 1] : 0
            read += 1
            if isAlphanumeric(previous) {
                var isMarker = true
                switch value {
                case Scalar.dong, Scalar.zhuang, Scalar.zuo:
                    break
                case Scalar.hao where read < count && text[read] == Scalar.lou,
                    Scalar.dan where read < count && text[read] == Scalar.yuan:
                    read += 1
                case Scalar.room:
                    if read < count && isAlphanumeric(text[read]) { isMarker = false }
                    if isMarker { continue }
                default:
                    isMarker = false
                }
                if isMarker {
                    guard read < count, isAlphanumeric(text[read]) else { continue }
                    value = 0x2D
                }
            }
            text[write] = value
            write += 1
        }
        return write
    }

    @inline(__always)
    static func isAlphanumeric(_ value: UInt32) -> Bool {
        TextFolding.isDigit(value) || TextFolding.isASCIILetter(value)
    }

    static func classify(_ text: [UInt32], bodyStart: Int, bodyEnd: Int) -> AddressVagueness {
        let cues = CueWords.shared
        var landmark = false
        for start in text.indices where cues.mayStart(text[start]) {
            if cues.matches(text, at: start, cues.pickup) { return .pickup }
            if !landmark { landmark = cues.matches(text, at: start, cues.landmark) }
        }
        if landmark { return .landmark }
        if bodyStart == bodyEnd { return .regionOnly }
        var index = bodyStart
        while index < bodyEnd {
            guard TextFolding.isDigit(text[index]) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bodyEnd && TextFolding.isDigit(text[end]) { end += 1 }
            if !isPostalCode(text, index..<end, body: bodyStart..<bodyEnd) { return .specific }
            index = end
        }
        return .noNumber
    }

    /// Whether the digits at `run` are a postal code rather than a house, building or room number: five or more
    /// digits that open or close the street part and are not joined to another number by `-` or `#` (`100084`
    /// after `…27号`, a Brazilian zip prefix before the city). A door is numbered where it lies in the address,
    /// in short numbers (`27号`, `3-1201`); a postcode names thousands of doors and must not link their accounts.
    static func isPostalCode(_ text: [UInt32], _ run: Range<Int>, body: Range<Int>) -> Bool {
        guard run.count >= 5, run.lowerBound == body.lowerBound || run.upperBound == body.upperBound else {
            return false
        }
        let joined: (UInt32) -> Bool = { $0 == 0x2D || $0 == 0x23 }
        if run.lowerBound > body.lowerBound && joined(text[run.lowerBound - 1]) { return false }
        if run.upperBound < body.upperBound && joined(text[run.upperBound]) { return false }
        return true
    }
}
