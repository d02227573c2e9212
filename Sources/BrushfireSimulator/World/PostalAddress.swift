/// A mainland postal address kept as its parts, so one place can be spelled the several ways buyers type it.
struct PostalAddress: Sendable, Equatable {
    var province: String
    /// Empty for the municipalities, whose province is the city.
    var city: String
    var district: String
    var street: String
    /// Road, number, building and room, or a landmark or pickup point; empty for a region-only address.
    var detail: String

    /// The province alone, as platforms that share only province-level addresses send it.
    var provinceOnly: String { province }

    func spelled(_ spelling: AddressSpelling) -> String {
        switch spelling {
        case .full:
            return province + city + district + street + detail
        case .shortProvince:
            return Self.shortened(province) + city + district + street + detail
        case .spaced:
            return [province, city, district, street, detail].filter { !$0.isEmpty }.joined(separator: " ")
        case .fullWidthDigits:
            return province + city + district + street + Self.fullWidth(detail)
        case .noProvince:
            return (city.isEmpty ? province : city) + district + street + detail
        case .altBuilding:
            var text = detail.replacing("幢", with: "栋")
            if text.hasSuffix("室") { text.removeLast() }
            return province + city + district + street + text
        }
    }

    /// `浙江省` → `浙江`, `上海市` → `上海`; autonomous regions keep their name.
    static func shortened(_ province: String) -> String {
        if province.hasSuffix("省") || province.hasSuffix("市") { return String(province.dropLast()) }
        return province
    }

    /// ASCII digits as their full-width forms (`123` → `１２３`).
    static func fullWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) {
                scalars.append(Unicode.Scalar(scalar.value - 0x30 + 0xFF10)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// The ways the same address gets written: with or without the province suffix, spaced, full-width digits.
enum AddressSpelling: Int, CaseIterable, Sendable {
    case full, shortProvince, spaced, fullWidthDigits, noProvince, altBuilding
}
