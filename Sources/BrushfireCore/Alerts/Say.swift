/// The rule names alerts carry.
public enum RuleName {
    public static let orderBurst = "order_burst"
    public static let reverseBrushing = "reverse_brushing"
    public static let refundStorm = "refund_storm"
    public static let fingerprintRing = "fingerprint_ring"
    public static let refundAbuse = "refund_abuse"
    public static let reviewBombing = "review_bombing"
    public static let retaliation = "retaliation"
}

/// Number formatting for summaries a person reads.
enum Say {
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// `1 phone`, `3 phones`: a count with its noun.
    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? singular : plural ?? singular + "s")"
    }

    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    static func ratio(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded()))×" : JSONWriter.formatNumber((value * 10).rounded() / 10) + "×"
    }

    static func duration(_ millis: Int64) -> String {
        let minutes = Int((Double(millis) / 60_000).rounded())
        if minutes < 120 { return "\(max(minutes, 1)) min" }
        let hours = Double(millis) / 3_600_000
        return hours < 48 ? "\(Int(hours.rounded())) h" : "\(Int((hours / 24).rounded())) days"
    }

    /// How a summary names an alert subject: the masked form for fingerprints (never the value), the id for
    /// accounts.
    static func subject(_ subject: AlertSubject) -> String {
        switch subject.kind {
        case .phone: "phone \(subject.display ?? "") (\(subject.id))"
        case .address: "address \(subject.display ?? "") (\(subject.id))"
        case .buyer: "account \(subject.id)"
        case .shop: subject.id
        }
    }
}
