import Crypto
import PropertyBased
import Testing

@testable import BrushfireCore

/// The identity fast paths against references: the HMAC written out over SHA-256 against swift-crypto's `HMAC`,
/// the receiver cache's byte hashing and comparison against `Array(utf8)`, and small caches full of collisions
/// against features computed afresh.
@Suite struct IdentityFastPathTests {
    static let pieces = ["1", "3", "8", " ", "-", "+", "*", "张", "三", "浙江省", "杭州市", "号", "😀", "é", "abc", "12345678"]
    static let text = Gen.int(in: 0...(pieces.count - 1)).map { pieces[$0] }.array(of: 0...30).map { $0.joined() }
    static let key = Gen.uint8().array(of: 0...150)
    static let domain = Gen.int(in: 0...2).map { FingerprintDomain.allCases[$0] }

    @Test("Fingerprints equal HMAC-SHA256 of domain, zero byte and value, for keys of any length")
    func fingerprintIsHMAC() async {
        await propertyCheck(count: 300, input: Self.key, Self.text, Self.domain) { key, value, domain in
            let code = HMAC<SHA256>.authenticationCode(
                for: Array(domain.rawValue.utf8) + [0] + Array(value.utf8), using: SymmetricKey(data: key))
            let expected = Array(code).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let fingerprinter = Fingerprinter(key: key, keyVersion: 1)
            #expect(fingerprinter.fingerprint(value, domain: domain).value == expected)
        }
    }

    @Test("Equal bytes hash equally and compare equal; different bytes compare different")
    func rawTextBytes() async {
        await propertyCheck(count: 500, input: Self.text, Self.text) { a, b in
            let copy = String(decoding: Array(a.utf8), as: UTF8.self)
            #expect(RawTextHash.of(a) == RawTextHash.of(copy))
            #expect(RawTextHash.sameBytes(a, copy))
            #expect(RawTextHash.sameBytes(a, b) == (Array(a.utf8) == Array(b.utf8)))
            #expect(
                RawTextHash.of(a) == a.utf8.withContiguousStorageIfAvailable { RawTextHash.of(bytes: .init($0)) })
        }
        // Canonically equivalent but different bytes are different raw texts.
        #expect(!RawTextHash.sameBytes("\u{E9}", "e\u{301}"))
    }

    @Test("Small caches full of collisions give the features computed afresh, in any order")
    func tinyCaches() async {
        await propertyCheck(count: 100, input: Self.text.array(of: 1...60), Gen.int(in: 2...4)) { values, bits in
            let fingerprinter = Fingerprinter.development
            let slots = 1 << bits
            var cache = ReceiverCache(phoneSlots: slots, addressSlots: slots, nameSlots: slots)
            for raw in values + values.reversed() + values {
                let phone = PhoneNormalizer.normalize(raw)
                let cachedPhone = cache.phone(raw, fingerprinter)
                #expect(cachedPhone.fingerprint == (fingerprinter.fingerprint(phone)?.value ?? 0))
                #expect(cachedPhone.display == (fingerprinter.fingerprint(phone) == nil ? "" : phone.display))
                let address = AddressNormalizer.normalize(raw)
                let cachedAddress = cache.address(raw, fingerprinter)
                #expect(cachedAddress.fingerprint == (fingerprinter.fingerprint(address)?.value ?? 0))
                #expect(cachedAddress.vague == address.vagueness.isVague)
                #expect(cachedAddress.display == (fingerprinter.fingerprint(address) == nil ? "" : address.display))
                let name = fingerprinter.fingerprint(name: NameNormalizer.normalize(raw))?.value ?? 0
                #expect(cache.name(raw, fingerprinter) == name)
            }
        }
    }
}
