import Crypto

/// Computes HMAC-SHA256 fingerprints of normalised personal data under a secret key.
///
/// Fingerprints let the engine link orders that share a phone, address or name without ever holding the raw
/// value; without the key they cannot be reversed by hashing guessed phone numbers. The keyed HMAC state of each
/// domain (key pads plus the domain tag) is computed once here and copied per call, so a fingerprint costs two
/// SHA-256 compressions of the value rather than four.
public struct Fingerprinter: Sendable {
    /// Printed in identifiers so fingerprints taken under different keys are never compared by mistake.
    public let keyVersion: Int
    /// One HMAC already fed `domain` and a zero byte, per `FingerprintDomain`, in `ordinal` order.
    private let primed: [HMAC<SHA256>]

    /// Keys shorter than this are refused by the key loaders: 128 bits.
    public static let minimumKeyLength = 16

    public init(key: [UInt8], keyVersion: Int) {
        let symmetricKey = SymmetricKey(data: key)
        self.keyVersion = keyVersion
        self.primed = FingerprintDomain.allCases.map { domain in
            var mac = HMAC<SHA256>(key: symmetricKey)
            mac.update(data: Array(domain.rawValue.utf8) + [0])
            return mac
        }
    }

    /// A fixed, public key for development and tests only: its fingerprints protect nothing.
    public static let development = Fingerprinter(
        key: Array("brushfire-development-key-not-secret".utf8), keyVersion: 0)

    /// The fingerprint of a normalised value (a canonical phone, address or name) in `domain`.
    public func fingerprint(_ normalized: String, domain: FingerprintDomain) -> Fingerprint {
        var mac = primed[domain.ordinal]
        var normalized = normalized
        normalized.withUTF8 { bytes in mac.update(data: UnsafeRawBufferPointer(bytes)) }
        let code = mac.finalize()
        return code.withUnsafeBytes { raw in
            var value: UInt64 = 0
            for index in 0..<8 { value = value << 8 | UInt64(raw[index]) }
            return Fingerprint(value: value)
        }
    }

    /// The printable id of a fingerprint, e.g. `phone:k1:3fa9c0d2e1b4a7c8` (domain, key version, 16 hex digits).
    public func identifier(_ fingerprint: Fingerprint, domain: FingerprintDomain) -> String {
        var result = domain.rawValue
        result += ":k"
        result += String(keyVersion)
        result += ":"
        let digits = Array("0123456789abcdef".utf8)
        result += String(unsafeUninitializedCapacity: 16) { out in
            for index in 0..<16 { out[index] = digits[Int(fingerprint.value >> UInt64(60 - 4 * index) & 0xF)] }
            return 16
        }
        return result
    }
}
