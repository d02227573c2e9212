/// A keyed, truncated HMAC of a normalised value. Equal values give equal fingerprints under one key.
public struct Fingerprint: Hashable, Sendable {
    /// The first eight bytes of the HMAC-SHA256, big-endian.
    public var value: UInt64

    public init(value: UInt64) { self.value = value }
}
