import Crypto

/// What a fingerprint was taken of; part of the keyed input so equal strings in two domains never collide.
public enum FingerprintDomain: String, Sendable {
    case phone
    case address
    case name
}

/// A keyed, truncated HMAC of a normalised value. Equal values give equal fingerprints under one key.
public struct Fingerprint: Hashable, Sendable {
    public var value: UInt64
    public init(value: UInt64) { self.value = value }
}

/// Computes HMAC-SHA256 fingerprints under a secret key.
public struct Fingerprinter: Sendable {
    public let keyVersion: Int
    private let key: SymmetricKey

    public init(key: [UInt8], keyVersion: Int) {
        self.key = SymmetricKey(data: key)
        self.keyVersion = keyVersion
    }

    /// A fixed, public key for development and tests only.
    public static let development = Fingerprinter(key: Array("brushfire-development-key-not-secret".utf8), keyVersion: 0)

    public func fingerprint(_ normalized: String, domain: FingerprintDomain) -> Fingerprint {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array(domain.rawValue.utf8))
        mac.update(data: [0])
        mac.update(data: Array(normalized.utf8))
        let code = mac.finalize()
        var value: UInt64 = 0
        code.withUnsafeBytes { raw in
            for i in 0..<8 { value = value << 8 | UInt64(raw[i]) }
        }
        return Fingerprint(value: value)
    }

    /// The printable id of a fingerprint, e.g. `phone:k1:3fa9c0d2e1b4a7c8`.
    public func identifier(_ fingerprint: Fingerprint, domain: FingerprintDomain) -> String {
        let hex = String(fingerprint.value, radix: 16)
        return "\(domain.rawValue):k\(keyVersion):" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
