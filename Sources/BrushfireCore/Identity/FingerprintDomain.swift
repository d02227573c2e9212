/// What a fingerprint was taken of; part of the keyed input so equal strings in two domains never collide.
public enum FingerprintDomain: String, Sendable, CaseIterable {
    case phone
    case address
    case name

    /// Position in `allCases`, used to find the domain's precomputed HMAC state.
    var ordinal: Int {
        switch self {
        case .phone: return 0
        case .address: return 1
        case .name: return 2
        }
    }
}
