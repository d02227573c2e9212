/// Event-time arithmetic on epoch milliseconds: the proleptic Gregorian calendar in UTC.
public enum Timestamp {
    /// Earliest event time the contract accepts: 2000-01-01T00:00:00Z.
    public static let earliest: Int64 = 946_684_800_000
    /// First event time the contract rejects: 2100-01-01T00:00:00Z.
    public static let endOfRange: Int64 = 4_102_444_800_000

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    @inlinable
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-11T02:00:00.123Z`.
    public static func format(_ millis: Int64) -> String {
        var days = Int(millis / 86_400_000)
        var rest = Int(millis % 86_400_000)
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let (y, mo, d) = civilFromDays(days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(0x30 + v % 10)
                v /= 10
            }
            bytes.append(contentsOf: digits)
        }
        put(y, 4)
        bytes.append(UInt8(ascii: "-"))
        put(mo, 2)
        bytes.append(UInt8(ascii: "-"))
        put(d, 2)
        bytes.append(UInt8(ascii: "T"))
        put(rest / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        put(rest / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        put(rest / 1000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        put(rest % 1000, 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
