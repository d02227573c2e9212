import BrushfireCore
import Testing

/// Phone numbers: every spelling of one line links, masked numbers never merge with full ones, displays never
/// reveal the number.
struct IdentityPhoneTests {
    @Test(arguments: [
        ("13812345678", NormalizedPhone.Kind.mobile, "13812345678"),
        ("+86 138-1234-5678", .mobile, "13812345678"),
        ("0086 13812345678", .mobile, "13812345678"),
        ("86-13812345678", .mobile, "13812345678"),
        ("（+86）１３８ １２３４ ５６７８", .mobile, "13812345678"),
        ("19912345678", .mobile, "19912345678"),
        ("16612345678", .mobile, "16612345678"),
        ("17012345678", .virtualMobile, "17012345678"),
        ("171 2345 6789", .virtualMobile, "17123456789"),
        ("16212345678", .virtualMobile, "16212345678"),
        ("16512345678", .virtualMobile, "16512345678"),
        ("16712345678", .virtualMobile, "16712345678"),
        ("010-62345678", .landline, "01062345678"),
        ("(0571) 8765 4321", .landline, "057187654321"),
        ("+86 571 8765 4321", .landline, "057187654321"),
        ("0086-10-62345678", .landline, "01062345678"),
        ("0757-2345678", .landline, "07572345678"),
        ("+44 7911 123456", .international, "+447911123456"),
        ("0044 7911 123456", .international, "+447911123456"),
        ("+1 (415) 555-2671", .international, "+14155552671"),
        ("+852 9123 4567", .international, "+85291234567"),
    ])
    func recognisesKindAndCanonicalForm(raw: String, kind: NormalizedPhone.Kind, canonical: String) {
        let phone = PhoneNormalizer.normalize(raw)
        #expect(phone.kind == kind)
        #expect(phone.canonical == canonical)
        #expect(phone.isLinkable)
    }

    @Test(arguments: [
        "12345", "1381234567", "138123456789", "12012345678", "15412345678", "19412345678", "11012345678",
        "010-12345678", "0201234567", "abc", "138-1234-567a", "+0 123 4567", "+", "+86", "+86 999", "1234567",
        "13812345678 转 123", "+1234567890123456",
    ])
    func rejectsImpossibleNumbers(raw: String) {
        let phone = PhoneNormalizer.normalize(raw)
        #expect(phone.kind == .invalid)
        #expect(phone.canonical.isEmpty)
        #expect(!phone.isLinkable)
    }

    @Test(arguments: ["", "   ", "\u{3000}", " - ( ) "])
    func blankIsEmpty(raw: String) {
        let phone = PhoneNormalizer.normalize(raw)
        #expect(phone.kind == .empty)
        #expect(phone.canonical.isEmpty && phone.display.isEmpty)
    }

    @Test func everySpellingOfOneMobileLinks() {
        var generator = IdentityCorpus.Generator(state: 86)
        let fingerprinter = Fingerprinter.development
        for _ in 0..<300 {
            let number = generator.pick(IdentityCorpus.commonMobilePrefixes) + generator.digits(8)
            let expected = fingerprinter.fingerprint(number, domain: .phone)
            for spelling in IdentityCorpus.mobileSpellings(number) {
                let phone = PhoneNormalizer.normalize(spelling)
                #expect(phone.canonical == number, "\(spelling)")
                #expect(phone.kind == .mobile || phone.kind == .virtualMobile, "\(spelling)")
                #expect(fingerprinter.fingerprint(phone.canonical, domain: .phone) == expected, "\(spelling)")
            }
        }
    }

    @Test func everySpellingOfOneLandlineLinks() {
        var generator = IdentityCorpus.Generator(state: 571)
        for _ in 0..<200 {
            let area = generator.pick(IdentityCorpus.areaCodes)
            let subscriber = "\(2 + generator.below(7))" + generator.digits(7)
            for spelling in IdentityCorpus.landlineSpellings(area: area, subscriber: subscriber) {
                let phone = PhoneNormalizer.normalize(spelling)
                #expect(phone.kind == .landline, "\(spelling)")
                #expect(phone.canonical == area + subscriber, "\(spelling)")
            }
        }
    }

    @Test(arguments: [
        ("138****5678", "138****5678"), ("138xxxx5678", "138****5678"), ("+86 138-****-5678", "138****5678"),
        ("１３８＊＊＊＊５６７８", "138****5678"), ("1**********", "1**********"), ("0571-8765****", "05718765****"),
        ("+44 7911 ******", "+447911******"),
    ])
    func maskedNumbersStayPartial(raw: String, canonical: String) {
        let phone = PhoneNormalizer.normalize(raw)
        #expect(phone.kind == .masked)
        #expect(phone.canonical == canonical)
        #expect(!phone.isLinkable)
    }

    @Test func maskedNeverMergesWithAFullNumber() {
        var generator = IdentityCorpus.Generator(state: 138)
        let fingerprinter = Fingerprinter.development
        for _ in 0..<500 {
            let number = generator.pick(IdentityCorpus.commonMobilePrefixes) + generator.digits(8)
            let full = PhoneNormalizer.normalize(number)
            let masked = PhoneNormalizer.normalize(String(number.prefix(3)) + "****" + String(number.suffix(4)))
            #expect(masked.kind == .masked)
            #expect(masked.canonical != full.canonical)
            #expect(
                fingerprinter.fingerprint(masked.canonical, domain: .phone)
                    != fingerprinter.fingerprint(full.canonical, domain: .phone))
            // The display of a full number equals the masked spelling, but the canonical forms differ.
            #expect(full.display == masked.canonical)
        }
    }

    @Test func displayNeverRevealsTheNumber() {
        var generator = IdentityCorpus.Generator(state: 7)
        var samples: [String] = []
        for _ in 0..<200 {
            let number = generator.pick(IdentityCorpus.commonMobilePrefixes) + generator.digits(8)
            samples += IdentityCorpus.mobileSpellings(number)
            let area = generator.pick(IdentityCorpus.areaCodes)
            samples += IdentityCorpus.landlineSpellings(
                area: area, subscriber: "\(2 + generator.below(7))" + generator.digits(7))
            let foreign = generator.pick(IdentityCorpus.foreignTemplates)
            samples.append("+" + foreign.code + " " + foreign.make(&generator))
            samples.append(generator.digits(1 + generator.below(16)))
        }
        for raw in samples {
            let phone = PhoneNormalizer.normalize(raw)
            let digits = phone.canonical.filter(\.isNumber)
            let shown = phone.display.filter(\.isNumber)
            if !phone.canonical.isEmpty {
                #expect(!phone.display.contains(phone.canonical), "\(raw)")
                #expect(shown.count + 4 <= digits.count, "\(raw) shows \(phone.display)")
            }
            #expect(shown.count <= 8, "\(raw) shows \(phone.display)")
        }
    }
}
