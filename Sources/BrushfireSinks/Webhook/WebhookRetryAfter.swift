import BrushfireCore
import Foundation

/// Reads a `Retry-After` header: delay seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
enum WebhookRetryAfter {
    /// Milliseconds to wait from `now` (epoch milliseconds); `nil` when the header is absent or unreadable.
    static func delay(_ header: String?, now: Int64) -> Int64? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int64(text) { return max(seconds, 0) * 1000 }
        guard let date = httpDate(text) else { return nil }
        return max(date - now, 0)
    }

    /// An IMF-fixdate (RFC 9110 §5.6.7) as epoch milliseconds.
    static func httpDate(_ text: String) -> Int64? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), (0..<24).contains(clock[0]), (0..<60).contains(clock[1]),
            (0..<61).contains(clock[2])
        else { return nil }
        let days = Int64(Timestamp.daysFromCivil(year: year, month: month + 1, day: day))
        return ((days * 24 + Int64(clock[0])) * 60 + Int64(clock[1])) * 60_000 + Int64(clock[2]) * 1000
    }
}
