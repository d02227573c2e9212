import BrushfireCore
import Testing

/// Receiver names: trimmed, width- and case-folded, whitespace folded.
struct IdentityNameTests {
    @Test(arguments: [
        ("  张三  ", "张三"), ("张 三", "张三"), ("张\u{3000}三", "张三"), ("ＺＨＡＮＧ　Ｓａｎ", "zhang san"),
        ("Zhang   San", "zhang san"), ("\tLi\nWei ", "li wei"), ("阿卜杜・热合曼", "阿卜杜·热合曼"),
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"), ("王小明（先生）", "王小明(先生)"), ("", ""), ("   ", ""),
    ])
    func normalises(raw: String, expected: String) {
        #expect(NameNormalizer.normalize(raw) == expected)
    }

    @Test func spellingsOfOneNameShareAFingerprint() {
        let fingerprinter = Fingerprinter.development
        let fingerprints = Set(
            ["张三", " 张 三 ", "张　三"].map {
                fingerprinter.fingerprint(NameNormalizer.normalize($0), domain: .name)
            })
        #expect(fingerprints.count == 1)
    }
}
