import BrushfireCore

/// Civil time in China (UTC+08:00, no daylight saving), the platform's own clock.
enum ChinaTime {
    static let offsetMillis: Int64 = 8 * 3_600_000

    /// RFC 3339 with milliseconds, e.g. `2026-11-11T10:00:00.123+08:00`.
    static func format(_ millis: Int64) -> String {
        var text = Timestamp.format(millis + offsetMillis)
        text.removeLast()
        return text + "+08:00"
    }
}
