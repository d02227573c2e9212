// Placeholder API for identity normalisation and fingerprints; the identity work replaces the bodies.

/// A phone number reduced to a canonical form, with how much we can trust it.
public struct NormalizedPhone: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case empty, invalid, masked, mobile, virtualMobile, landline, international
    }
    public var kind: Kind
    /// The canonical form to fingerprint (digits only for China; `+` and country code otherwise).
    public var canonical: String
    /// A masked form safe to show: `138****5678`.
    public var display: String

    public init(kind: Kind, canonical: String, display: String) {
        self.kind = kind
        self.canonical = canonical
        self.display = display
    }
}

/// How precisely an address names a place where someone lives or works.
public enum AddressVagueness: UInt8, Sendable, CaseIterable {
    case empty, regionOnly, noNumber, landmark, pickup, specific
    /// True when the address does not name a door: region only, no number, near a landmark, or a pickup point.
    public var isVague: Bool { self != .specific }
}

public struct NormalizedAddress: Sendable, Equatable {
    public var province: String?
    public var city: String?
    public var district: String?
    public var canonical: String
    public var vagueness: AddressVagueness
    public var display: String
}

public enum PhoneNormalizer {
    public static func normalize(_ raw: String) -> NormalizedPhone {
        var digits = ""
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            default: break
            }
        }
        if digits.isEmpty { return NormalizedPhone(kind: .empty, canonical: "", display: "") }
        if digits.hasPrefix("86") && digits.count == 13 { digits.removeFirst(2) }
        let display = digits.count > 7 ? String(digits.prefix(3)) + "****" + String(digits.suffix(4)) : "****"
        return NormalizedPhone(kind: digits.count == 11 ? .mobile : .invalid, canonical: digits, display: display)
    }
}

public enum AddressNormalizer {
    public static func normalize(_ raw: String) -> NormalizedAddress {
        let folded = String(raw.unicodeScalars.filter { !$0.properties.isWhitespace })
        let hasNumber = folded.unicodeScalars.contains { ("0"..."9").contains($0) }
        let vagueness: AddressVagueness =
            folded.isEmpty ? .empty : hasNumber ? .specific : .noNumber
        return NormalizedAddress(
            province: nil, city: nil, district: nil, canonical: folded, vagueness: vagueness,
            display: String(folded.prefix(6)) + "…")
    }
}

public enum NameNormalizer {
    public static func normalize(_ raw: String) -> String {
        String(raw.unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
