/// How precisely an address names a place where someone lives or works.
public enum AddressVagueness: UInt8, Sendable, CaseIterable {
    /// Nothing left after folding whitespace and punctuation.
    case empty
    /// Only a province, city or district (`广东省深圳市`).
    case regionOnly
    /// A street or compound but no house, building or room number.
    case noNumber
    /// Near something rather than at it: 附近, 门口, 旁边, 对面.
    case landmark
    /// A parcel pickup point (菜鸟驿站, 丰巢, 快递柜, 自取): shared by many people, not a home.
    case pickup
    /// Names a door: a street or compound with a number.
    case specific

    /// True when the address does not name a door: region only, no number, near a landmark, or a pickup point.
    public var isVague: Bool { self != .specific }
}
