import Crypto

/// Computes HMAC-SHA256 fingerprints of normalised personal data under a secret key.
///
/// Fingerprints let the engine link orders that share a phone, address or name without ever holding the raw
/// value; without the key they cannot be reversed by hashing guessed phone numbers. HMAC is written out over
/// SHA-256 (RFC 2104): the inner hash of each domain, already fed the key pad and the domain tag, and the outer
/// hash, fed its key pad, are computed once here and copied per call, so a fingerprint costs the SHA-256
/// compressions of the value and of the inner digest and no generic `DataProtocol` dispatch.
public struct Fingerprinter: Sendable {
    /// Printed in identifiers so fingerprints taken under different keys are never compared by mistake.
    public let keyVersion: Int
    /// SHA-256 already fed `key ⊕ ipad`, the domain and a zero byte, per `FingerprintDomain`.
    private let phoneInner: SHA256
    private let addressInner: SHA256
    private let nameInner: SHA256
    /// SHA-256 already fed `key ⊕ opad`.
    private let outer: SHA256

    /// Keys shorter than this are refused by the key loaders: 128 bits.
    public static let minimumKeyLength = 16

    public init(key: [UInt8], keyVersion: Int) {
        self.keyVersion = keyVersion
        // RFC 2104: a key longer than the block is hashed first; then it is padded with zeros to the block.
        let blockSize = 64
        var block = key.count > blockSize ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        self.outer = outer
        let innerPad = block.map { $0 ^ 0x36 }
        func inner(_ domain: FingerprintDomain) -> SHA256 {
            var hash = SHA256()
            hash.update(data: innerPad + Array(domain.rawValue.utf8) + [0])
            return hash
        }
        phoneInner = inner(.phone)
        addressInner = inner(.address)
        nameInner = inner(.name)
    }

    /// A fixed, public key for development and tests only: its fingerprints protect nothing.
    public static let development = Fingerprinter(
        key: Array("brushfire-development-key-not-secret".utf8), keyVersion: 0)

    /// The fingerprint of a normalised value (a canonical phone, address or name) in `domain`.
    public func fingerprint(_ normalized: String, domain: FingerprintDomain) -> Fingerprint {
        var inner: SHA256
        switch domain {
        case .phone: inner = phoneInner
        case .address: inner = addressInner
        case .name: inner = nameInner
        }
        if normalized.utf8.withContiguousStorageIfAvailable({ inner.update(bufferPointer: UnsafeRawBufferPointer($0)) })
            == nil
        {
            inner.update(data: Array(normalized.utf8))
        }
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { raw in
            Fingerprint(value: UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)))
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
