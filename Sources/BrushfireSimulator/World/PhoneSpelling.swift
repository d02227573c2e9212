/// The ways one mainland mobile number gets written: `13812345678`, `+86 138 1234 5678`, full-width digits…
enum PhoneSpelling: Int, CaseIterable, Sendable {
    case plain, plusSpaced, plusDashed, dashed, spaced, fullWidth, countryCode

    /// How often buyers habitually use each spelling, in case order.
    static let habitWeights: [Double] = [72, 8, 3, 5, 5, 4, 3]

    /// Writes eleven ASCII digits in this spelling.
    func spell(_ digits: String) -> String {
        let a = digits.prefix(3)
        let b = digits.dropFirst(3).prefix(4)
        let c = digits.dropFirst(7)
        switch self {
        case .plain: return digits
        case .plusSpaced: return "+86 \(a) \(b) \(c)"
        case .plusDashed: return "+86-\(a)-\(b)-\(c)"
        case .dashed: return "\(a)-\(b)-\(c)"
        case .spaced: return "\(a) \(b) \(c)"
        case .fullWidth: return PostalAddress.fullWidth(digits)
        case .countryCode: return "86" + digits
        }
    }
}
