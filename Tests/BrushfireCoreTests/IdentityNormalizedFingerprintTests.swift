import BrushfireCore
import Testing

/// The conveniences that fingerprint normalised values refuse the ones that must not link orders.
struct IdentityNormalizedFingerprintTests {
    @Test func onlyLinkablePhonesGetAFingerprint() {
        let fingerprinter = Fingerprinter.development
        #expect(
            fingerprinter.fingerprint(PhoneNormalizer.normalize("+86 138 1234 5678"))
                == fingerprinter.fingerprint("13812345678", domain: .phone))
        for raw in ["", "abc", "12345", "138****5678", "0571-8765****"] {
            #expect(fingerprinter.fingerprint(PhoneNormalizer.normalize(raw)) == nil, "\(raw)")
        }
    }

    @Test func emptyAddressesAndNamesGetNone() {
        let fingerprinter = Fingerprinter.development
        #expect(fingerprinter.fingerprint(AddressNormalizer.normalize(" ，")) == nil)
        #expect(fingerprinter.fingerprint(AddressNormalizer.normalize("广东省")) != nil)
        let address = AddressNormalizer.normalize("杭州市西湖区文三路100号")
        #expect(fingerprinter.fingerprint(address) == fingerprinter.fingerprint(address.canonical, domain: .address))
        #expect(fingerprinter.fingerprint(name: NameNormalizer.normalize("  ")) == nil)
        #expect(fingerprinter.fingerprint(name: "张三") == fingerprinter.fingerprint("张三", domain: .name))
    }
}
