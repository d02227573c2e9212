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
