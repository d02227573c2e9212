/// What a fingerprint was taken of; part of the keyed input so equal strings in two domains never collide.
public enum FingerprintDomain: String, Sendable, CaseIterable {
    case phone
    case address
    case name
}
