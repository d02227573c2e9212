import BrushfireCore
import Crypto
import Testing

/// Fingerprints: keyed HMAC-SHA256 truncated to 64 bits, separated by domain and by key.
struct IdentityFingerprintTests {
    @Test func matchesAnIndependentHMACComputation() {
        let key = Array("a test key of sufficient length!".utf8)
        let fingerprinter = Fingerprinter(key: key, keyVersion: 3)
        for (value, domain) in [("13812345678", FingerprintDomain.phone), ("浙江省金华市", .address), ("", .name)] {
            let code = HMAC<SHA256>.authenticationCode(
                for: Array(domain.rawValue.utf8) + [0] + Array(value.utf8), using: SymmetricKey(data: key))
            let expected = Array(code).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(fingerprinter.fingerprint(value, domain: domain).value == expected)
        }
    }

    @Test func isStableAcrossCallsAndCopies() {
        let fingerprinter = Fingerprinter(key: Array(repeating: 7, count: 32), keyVersion: 1)
        let copy = fingerprinter
        let first = fingerprinter.fingerprint("13812345678", domain: .phone)
        _ = fingerprinter.fingerprint("something else", domain: .phone)
        #expect(fingerprinter.fingerprint("13812345678", domain: .phone) == first)
        #expect(copy.fingerprint("13812345678", domain: .phone) == first)
    }

    @Test func differentKeysGiveDifferentFingerprints() {
        let a = Fingerprinter(key: Array(repeating: 1, count: 32), keyVersion: 1)
        let b = Fingerprinter(key: Array(repeating: 2, count: 32), keyVersion: 2)
        var generator = IdentityCorpus.Generator(state: 5)
        for _ in 0..<200 {
            let number = generator.pick(IdentityCorpus.commonMobilePrefixes) + generator.digits(8)
            #expect(a.fingerprint(number, domain: .phone) != b.fingerprint(number, domain: .phone))
            #expect(
                a.fingerprint(number, domain: .phone) != Fingerprinter.development.fingerprint(number, domain: .phone))
        }
    }

    @Test func domainsSeparateEqualStrings() {
        let fingerprinter = Fingerprinter.development
        let values = FingerprintDomain.allCases.map { fingerprinter.fingerprint("13812345678", domain: $0) }
        #expect(Set(values).count == FingerprintDomain.allCases.count)
    }

    @Test func distinctValuesDoNotCollide() {
        var generator = IdentityCorpus.Generator(state: 11)
        var seen: [Fingerprint: String] = [:]
        for _ in 0..<20_000 {
            let number = generator.pick(IdentityCorpus.commonMobilePrefixes) + generator.digits(8)
            let fingerprint = Fingerprinter.development.fingerprint(number, domain: .phone)
            if let earlier = seen[fingerprint] { #expect(earlier == number) }
            seen[fingerprint] = number
        }
    }

    @Test func identifierCarriesDomainAndKeyVersion() {
        let fingerprinter = Fingerprinter(key: Array(repeating: 9, count: 32), keyVersion: 12)
        #expect(
            fingerprinter.identifier(Fingerprint(value: 0x3FA9_C0D2_E1B4_A7C8), domain: .phone)
                == "phone:k12:3fa9c0d2e1b4a7c8")
        #expect(fingerprinter.identifier(Fingerprint(value: 0xAB), domain: .address) == "address:k12:00000000000000ab")
        #expect(
            Fingerprinter.development.identifier(Fingerprint(value: .max), domain: .name) == "name:k0:ffffffffffffffff")
    }
}
