import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

@Suite("No raw personal data in any alert")
struct RingPrivacyTests {
    /// CJK ideographs and full-width forms: what names and street addresses are written in.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
    }

    @Test(
        "Every scenario's alerts carry no receiver phone, name or street; displays are masked",
        arguments: ScenarioName.allCases)
    func scan(_ scenario: ScenarioName) {
        let (simulation, alerts) = EngineRun.scenario(scenario)
        var phones = Set<String>()
        for event in simulation.events {
            guard let raw = event.receiver?.phone else { continue }
            let canonical = PhoneNormalizer.normalize(raw).canonical
            if canonical.count >= 7 { phones.insert(canonical) }
        }
        for alert in alerts {
            var text = alert.jsonLine()
            if let display = alert.subject.display {
                switch alert.subject.kind {
                case .phone: #expect(display.contains("****"), "\(display)")
                case .address:
                    #expect(display.hasSuffix("…"), "\(display)")
                    #expect(!display.unicodeScalars.contains { ("0"..."9").contains($0) }, "\(display)")
                default: Issue.record("a display on a \(alert.subject.kind) subject")
                }
                text = text.replacingAll(display, with: "")
            }
            // Names and streets are written in Chinese; with the masked region display removed none may remain.
            #expect(!text.unicodeScalars.contains(where: Self.isCJK), "\(alert.rule): \(text)")
            // No run of digits in the alert is a receiver's phone number.
            var run = ""
            for ch in text + " " {
                if ch.isASCII && ch.isNumber {
                    run.append(ch)
                } else {
                    if run.count >= 7 { #expect(!phones.contains(run), "phone \(run.prefix(3))… in \(alert.rule)") }
                    run = ""
                }
            }
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
