import BrushfireCore

/// Turns the public Tmall order report (one shop, February 2020) into contract events, filling what the
/// export lacks by stated rules: one buyer per order, the province as the whole address, no name or phone,
/// and each refund a seeded-random 1–72 hours after payment.
public enum TmallConverter {
    public static let shopID = "tmall-shop"
    static let minRefundDelay: Int64 = 3_600_000
    static let maxRefundDelay: Int64 = 72 * 3_600_000

    private enum Column: String, CaseIterable {
        case number = "订单编号"
        case total = "总金额"
        case address = "收货地址"
        case paidAt = "订单付款时间"
        case refunded = "退款金额"
    }

    /// The events, sorted by time then event id.
    public static func convert(csv: String, seed: UInt64) throws(TmallConversionError) -> [Event] {
        try conversion(csv: csv, seed: seed).events
    }

    /// The events with counts of what was kept and skipped.
    public static func conversion(csv: String, seed: UInt64) throws(TmallConversionError) -> TmallConversion {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: csv)
        } catch {
            throw TmallConversionError(line: error.line, field: nil, error.message)
        }
        guard let header = table.records.first else {
            throw TmallConversionError(line: 1, field: nil, "the file is empty; expected a header row")
        }
        let names = header.fields.map { $0.trimmingSpaces }
        var index: [Column: Int] = [:]
        for column in Column.allCases {
            guard let position = names.firstIndex(of: column.rawValue) else {
                throw TmallConversionError(
                    line: header.line, field: column.rawValue,
                    "missing column; the header has \(names.joined(separator: ", "))")
            }
            index[column] = position
        }

        var events: [Event] = []
        var seen: [Int: Int] = [:]
        var paid = 0
        var unpaid = 0
        var refunds = 0
        for record in table.records.dropFirst() {
            guard record.fields.count == names.count else {
                throw TmallConversionError(
                    line: record.line, field: nil,
                    "expected \(names.count) fields, found \(record.fields.count)")
            }
            func value(_ column: Column) -> String { record.fields[index[column]!].trimmingSpaces }
            guard let number = Int(value(.number)), number >= 0 else {
                throw TmallConversionError(
                    line: record.line, field: Column.number.rawValue,
                    "expected a non-negative whole number, found \"\(value(.number))\"")
            }
            if let first = seen[number] {
                throw TmallConversionError(
                    line: record.line, field: Column.number.rawValue, "order \(number) already appears on line \(first)"
                )
            }
            seen[number] = record.line
            let paidText = value(.paidAt)
            if paidText.isEmpty {
                unpaid += 1
                continue
            }
            let paidAt = try parseTime(paidText, line: record.line, field: Column.paidAt.rawValue)
            let total = try parseCents(value(.total), line: record.line, field: Column.total.rawValue)
            let refunded = try parseCents(value(.refunded), line: record.line, field: Column.refunded.rawValue)
            let province = value(.address)
            paid += 1
            events.append(
                Event(
                    eventID: "tmall-ev-o\(number)", type: .order, timestamp: paidAt, shopID: shopID,
                    buyerID: "tmall-b\(number)", orderID: "tmall-o\(number)", itemID: "tmall-item-\(total)",
                    amountCents: total, currency: "CNY",
                    receiver: Receiver(address: province.isEmpty ? nil : province)))
            if refunded > 0 {
                refunds += 1
                var rng = SplitMix64(seed: seed, stream: UInt64(number))
                let delay = rng.int64(in: minRefundDelay...maxRefundDelay)
                events.append(
                    Event(
                        eventID: "tmall-ev-r\(number)", type: .refund, timestamp: paidAt + delay, shopID: shopID,
                        buyerID: "tmall-b\(number)", orderID: "tmall-o\(number)", amountCents: refunded,
                        recordID: "tmall-r\(number)"))
            }
        }
        events.sort { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : $0.eventID < $1.eventID }
        return TmallConversion(
            events: events, rows: table.records.count - 1, paidOrders: paid, unpaidSkipped: unpaid, refunds: refunds)
    }

    /// `2020-02-21 00:00:02`, China time, to epoch milliseconds.
    static func parseTime(_ text: String, line: Int, field: String) throws(TmallConversionError) -> Int64 {
        guard let time = CSVField.dateTime(text) else {
            throw TmallConversionError(
                line: line, field: field, "expected a time like 2020-02-21 00:00:02, found \"\(text)\"")
        }
        return time.millis(utcOffset: ChinaTime.offsetMillis)
    }

    /// `178.8` → 17880: exact decimal parsing, at most two decimals, never negative.
    static func parseCents(_ text: String, line: Int, field: String) throws(TmallConversionError) -> Int64 {
        guard let cents = CSVField.cents(text) else {
            throw TmallConversionError(
                line: line, field: field, "expected an amount in yuan like 178.8, found \"\(text)\"")
        }
        return cents
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (two of the report's header names end in a space).
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" || first == "\u{3000}" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\u{3000}" {
            scalars = scalars.dropLast()
        }
        return String(scalars)
    }
}
