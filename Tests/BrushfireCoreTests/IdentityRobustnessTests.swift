import BrushfireCore
import Testing

/// Arbitrary text never breaks the normalisers, and their results are fixed points: normalising a canonical
/// form again gives it back.
struct IdentityRobustnessTests {
    /// Pieces real and hostile input is made of: digits of both widths, separators, masks, region and street
    /// words, cue words, punctuation, emoji, combining marks, controls.
    static let pieces: [String] = [
        "0", "1", "3", "8", "6", "9", "０", "１", "８", "+", "＋", "-", "—", " ", "\u{3000}", "(", "）", "*", "x", "●",
        "浙江", "省", "金华", "市", "义乌", "北京", "朝阳", "区", "内蒙古", "盟", "自治州", "自治县", "县", "旗", "中国",
        "路", "号", "栋", "幢", "单元", "室", "号楼", "#", "小区", "驿站", "附近", "一", "三", "A", "ｂ", "，", "。",
        "、", "·", "・", "😀", "e\u{301}", "\u{0}", "\n", "\u{200B}", "\u{FEFF}", "…", "%", "\\", "\"",
    ]

    static func samples(count: Int, seed: UInt64) -> [String] {
        var generator = IdentityCorpus.Generator(state: seed)
        return (0..<count).map { _ in
            (0..<generator.below(24)).map { _ in generator.pick(pieces) }.joined()
        }
    }

    @Test func phonesAreFixedPointsAndDisplaysStayMasked() {
        for raw in Self.samples(count: 5_000, seed: 1) + IdentityCorpus.mobileSpellings("13812345678") {
            let phone = PhoneNormalizer.normalize(raw)
            if phone.kind == .empty || phone.kind == .invalid {
                #expect(phone.canonical.isEmpty, "\(raw)")
                continue
            }
            let again = PhoneNormalizer.normalize(phone.canonical)
            #expect(again == phone, "\(raw) → \(phone.canonical) → \(again.canonical)")
            #expect(phone.display.contains("****"), "\(raw)")
        }
    }

    @Test func addressesAreFixedPointsAndDisplaysShowOnlyTheRegion() {
        for raw in Self.samples(count: 5_000, seed: 2) {
            let address = AddressNormalizer.normalize(raw)
            #expect(address.canonical.unicodeScalars.allSatisfy { !$0.properties.isWhitespace }, "\(raw)")
            guard address.vagueness != .empty else {
                #expect(address.canonical.isEmpty && address.display.isEmpty)
                continue
            }
            let again = AddressNormalizer.normalize(address.canonical)
            #expect(again.canonical == address.canonical, "\(raw)")
            #expect(again.vagueness == address.vagueness, "\(raw)")
            let region =
                (address.province ?? "") + (address.city == address.province ? "" : address.city ?? "")
                + (address.district ?? "")
            #expect(address.display == region + "…", "\(raw)")
        }
    }

    @Test func namesAreFixedPoints() {
        for raw in Self.samples(count: 5_000, seed: 3) {
            let name = NameNormalizer.normalize(raw)
            #expect(NameNormalizer.normalize(name) == name, "\(raw)")
            #expect(name.first?.isWhitespace != true && name.last?.isWhitespace != true, "\(raw)")
        }
    }
}
