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
        for index in bodyStart..<bodyEnd where TextFolding.isDigit(text[index]) { return .specific }
        return .noNumber
    }
}

/// The region prefix of an address: which divisions it names and where the street part begins.
struct Region {
    var province: Int?
    var city: Int?
    var municipality = false
    var district: String?
    /// Index of the first scalar after the region names.
    var end = 0

    init(parsing text: [UInt32]) {
        let table = RegionTable.shared
        var countyStart = 0
        if let match = table.province(in: text, at: 0) {
            province = match.index
            end = match.end
            countyStart = end
        }
        if let province, table.provinces[province].isMunicipality {
            municipality = true
            if let again = table.province(in: text, at: end), again.index == province { end = again.end }
            if Self.has(text, at: end, Scalar.shiXiaQu) { end += 3 }
            countyStart = end
        } else if let match = table.city(in: text, at: end, province: province) {
            city = match.index
            if province == nil { province = table.cities[match.index].province }
            end = match.end
            countyStart = match.countyStart
        }
        if let countyEnd = Self.countyEnd(text, from: countyStart), countyEnd > end {
            var bytes = 0
            for index in countyStart..<countyEnd { bytes += UTF8Writer.length(of: text[index]) }
            district = String(unsafeUninitializedCapacity: bytes) { buffer in
                var writer = UTF8Writer(buffer: buffer)
                for index in countyStart..<countyEnd { writer.write(scalar: text[index]) }
                return writer.count
            }
            end = countyEnd
        }
    }

    private static func has(_ text: [UInt32], at start: Int, _ word: [UInt32]) -> Bool {
        guard start + word.count <= text.count else { return false }
        for offset in 0..<word.count where text[start + offset] != word[offset] { return false }
        return true
    }

    /// The end of a county-level name starting at `start`: at least two characters then 区, 县, 市 or 旗, at most
    /// eight before the suffix unless it is an autonomous county or banner (自治县, 自治旗), and no street words,
    /// digits or letters on the way. Residential 小区, 社区, 园区 and the like are not counties.
    static func countyEnd(_ text: [UInt32], from start: Int) -> Int? {
        let limit = min(text.count, start + 18)
        var index = start
        while index < limit {
            let value = text[index]
            if TextFolding.isDigit(value) || TextFolding.isASCIILetter(value) || value == 0x2D { return nil }
            if index > start && Scalar.endsCountySearch(value) { return nil }
            if index >= start + 2 && Scalar.isCountySuffix(value) {
                let next: UInt32 = index + 1 < text.count ? text[index + 1] : 0
                if value == Scalar.shi && (next == Scalar.chang || next == Scalar.zheng) { return nil }
                if value == Scalar.qu && Scalar.isNonCountyArea(text[index - 1]) { return nil }
                let isAutonomous = text[index - 2] == Scalar.zi && text[index - 1] == Scalar.zhi
                return index - start <= 8 || isAutonomous ? index + 1 : nil
            }
            index += 1
        }
        return nil
    }
}

/// Scalar values of the Chinese characters the address grammar looks for.
enum Scalar {
    static let hao: UInt32 = 0x53F7  // 号
    static let lou: UInt32 = 0x697C  // 楼
    static let dong: UInt32 = 0x680B  // 栋
    static let zhuang: UInt32 = 0x5E62  // 幢
    static let zuo: UInt32 = 0x5EA7  // 座
    static let dan: UInt32 = 0x5355  // 单
    static let yuan: UInt32 = 0x5143  // 元
    static let shi: UInt32 = 0x5E02  // 市
    static let room: UInt32 = 0x5BA4  // 室
    static let qu: UInt32 = 0x533A  // 区
    static let zi: UInt32 = 0x81EA  // 自
    static let zhi: UInt32 = 0x6CBB  // 治
    static let chang: UInt32 = 0x573A  // 场
    static let zheng: UInt32 = 0x653F  // 政
    static let shiXiaQu: [UInt32] = [0x5E02, 0x8F96, 0x533A]  // 市辖区

    @inline(__always)
    static func isCountySuffix(_ value: UInt32) -> Bool {
        value == 0x533A || value == 0x53BF || value == 0x5E02 || value == 0x65D7  // 区县市旗
    }

    /// Street-level words: 路街道巷号村镇乡弄栋幢室 (not 楼: 鼓楼区, 钟楼区).
    @inline(__always)
    static func endsCountySearch(_ value: UInt32) -> Bool {
        switch value {
        case 0x8DEF, 0x8857, 0x9053, 0x5DF7, 0x53F7, 0x6751, 0x9547, 0x4E61, 0x5F04, 0x680B, 0x5E62, 0x5BA4:
            return true
        default:
            return false
        }
    }

    /// 小区, 社区, 园区, 校区, 景区, 厂区, 片区, 商区, 住宅区, 居住区, 病区, 宿舍区: areas, not counties.
    @inline(__always)
    static func isNonCountyArea(_ before: UInt32) -> Bool {
        switch before {
        case 0x5C0F, 0x793E, 0x56ED, 0x6821, 0x666F, 0x5382, 0x7247, 0x5546, 0x5B85, 0x4F4F, 0x75C5, 0x820D:
            return true
        default:
            return false
        }
    }

    /// 一 to 九 and 零 as digit values.
    @inline(__always)
    static func chineseDigit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x96F6: return 0
        case 0x4E00: return 1
        case 0x4E8C: return 2
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        default: return nil
        }
    }

    /// 号 (or `#`), 栋, 幢, 座, 单(元), 楼, 层, 室: what follows a house, building, unit, floor or room number.
    @inline(__always)
    static func isUnitAfterNumber(_ value: UInt32) -> Bool {
        switch value {
        case 0x53F7, 0x680B, 0x5E62, 0x5EA7, 0x5355, 0x697C, 0x5C42, 0x5BA4, 0x23: return true
        default: return false
        }
    }
}
