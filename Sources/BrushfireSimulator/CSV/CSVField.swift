import BrushfireCore

/// Exact readings of the values public exports write as text: decimal money and wall-clock date-times.
enum CSVField {
    /// A wall-clock reading with no zone, as exports write it.
    struct DateTime: Sendable, Equatable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int

        /// Epoch milliseconds of this reading in a zone `offsetMillis` east of UTC.
        func millis(utcOffset offsetMillis: Int64) -> Int64 {
            let days = Int64(Timestamp.daysFromCivil(year: year, month: month, day: day))
            return days * 86_400_000 + Int64(hour * 3600 + minute * 60 + second) * 1000 - offsetMillis
        }
    }

    /// `2020-02-21 00:00:02`: a date that exists in 2000–2099 and a time of day, or `nil`.
    static func dateTime(_ text: String) -> DateTime? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard parts.count == 6, let year = parts[0], let month = parts[1], let day = parts[2],
            let hour = parts[3], let minute = parts[4], let second = parts[5],
            (2000...2099).contains(year), (1...12).contains(month),
            (1...Timestamp.daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return DateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `178.8` → 17880: exact decimal reading, at most two decimals and twelve whole digits, never negative; or `nil`.
    static func cents(_ text: String) -> Int64? {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits = { (piece: Substring) in !piece.isEmpty && piece.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(pieces.count), digits(pieces[0]), pieces.count == 1 || digits(pieces[1]),
            pieces.count == 1 || pieces[1].count <= 2, pieces[0].count <= 12
        else { return nil }
        let fraction = pieces.count == 1 ? "00" : pieces[1].count == 1 ? pieces[1] + "0" : String(pieces[1])
        return Int64(pieces[0])! * 100 + Int64(fraction)!
    }
}
