/// The language of alert summaries (`incidents.locale`). Everything else in an alert — ids, metrics, evidence —
/// is the same in every locale; English is the default and its text never changes with this setting.
public enum AlertLocale: String, Sendable, CaseIterable {
    case en
    case zhCN = "zh-CN"
}

/// Figures whose alert summary can also be written in Simplified Chinese. The English text stays in the
/// operator's `+Alert.swift`; the Chinese in its `+Chinese.swift`, saying the same things from the same figures.
/// Figures that do not conform keep their English summary in every locale (`AlertLocaleTests` finds them).
protocol ChineseSummary {
    func chineseSummary(_ incident: Incident) -> String
}

extension Say {
    /// `30 分钟`, `5 小时`, `3 天`: the same rounding as ``duration(_:)``.
    static func zhDuration(_ millis: Int64) -> String {
        let minutes = Int((Double(millis) / 60_000).rounded())
        if minutes < 120 { return "\(max(minutes, 1)) 分钟" }
        let hours = Double(millis) / 3_600_000
        return hours < 48 ? "\(Int(hours.rounded())) 小时" : "\(Int((hours / 24).rounded())) 天"
    }

    /// `12 倍`, `6.5 倍`.
    static func zhRatio(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded())) 倍" : JSONWriter.formatNumber((value * 10).rounded() / 10) + " 倍"
    }

    /// How a Chinese summary names an alert subject: the masked form for fingerprints, the id for accounts.
    static func zhSubject(_ subject: AlertSubject) -> String {
        switch subject.kind {
        case .phone: "手机号 \(subject.display ?? "")（\(subject.id)）"
        case .address: "地址 \(subject.display ?? "")（\(subject.id)）"
        case .buyer: "账号 \(subject.id)"
        case .shop: "店铺 \(subject.id)"
        }
    }
}
