/// Parses the contract's RFC 3339 date-times (`2026-11-11T10:00:00.123+08:00`) to epoch milliseconds.
enum RFC3339 {
    static let expected = "expected an RFC 3339 date-time such as 2026-11-11T10:00:00.123+08:00"

    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) throws(DecodeError) -> Int64 {
        func invalid(_ detail: String = expected) -> DecodeError {
            DecodeError(.invalidValue, field: "ts", detail)
        }
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= count else { return nil }
            var value = 0
            for i in at..<(at + n) {
                let d = p[i] &- 0x30
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard count >= 20,
            let year = digits(0, 4), p[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), p[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), p[10] == UInt8(ascii: "T"),
            let hour = digits(11, 2), p[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), p[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { throw invalid() }
        var i = 19
        var millis = 0
        if p[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < count, p[i] &- 0x30 < 10 { i += 1 }
            let n = i - start
            guard n >= 1, n <= 9 else { throw invalid() }
            for k in 0..<3 { millis = millis * 10 + (k < n ? Int(p[start + k] - 0x30) : 0) }
        }
        guard i < count else { throw invalid() }
        var offsetMinutes = 0
        if p[i] == UInt8(ascii: "Z") {
            i += 1
        } else if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
            let sign = p[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), i + 3 < count, p[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                oh <= 23, om <= 59
            else { throw invalid() }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            throw invalid()
        }
        guard i == count, (1...12).contains(month), day >= 1, day <= 31, hour <= 23, minute <= 59, second <= 59 else {
            throw invalid()
        }
        guard year >= 2000, year <= 2099 else {
            throw DecodeError(.timestampOutOfRange, field: "ts", "year \(year) is outside 2000–2099")
        }
        guard day <= Timestamp.daysInMonth(year: year, month: month) else {
            throw invalid("\(year)-\(month)-\(day) is not a calendar date")
        }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }
}
