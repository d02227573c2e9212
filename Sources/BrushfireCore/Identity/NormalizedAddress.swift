/// A mainland Chinese delivery address reduced to a canonical form at building / room granularity.
public struct NormalizedAddress: Sendable, Equatable {
    /// Full province-level name (`浙江省`, `内蒙古自治区`, `北京市`), inferred from the city when omitted.
    public var province: String?
    /// Full prefecture-level name (`金华市`, `锡林郭勒盟`); equals `province` for the four municipalities.
    public var city: String?
    /// County-level name as written (`义乌市`, `朝阳区`, `城步苗族自治县`).
    public var district: String?
    /// Full region names followed by the folded street part: what two spellings of one door share.
    public var canonical: String
    public var vagueness: AddressVagueness
    /// The region prefix then `…` (`浙江省金华市义乌市…`): safe to show, never the street or number.
    public var display: String

    public init(
        province: String?, city: String?, district: String?, canonical: String, vagueness: AddressVagueness,
        display: String
    ) {
        self.province = province
        self.city = city
        self.district = district
        self.canonical = canonical
        self.vagueness = vagueness
        self.display = display
    }
}
