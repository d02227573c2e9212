import BrushfireCore
import BrushfireSimulator
import Foundation
import Testing

/// The public Tmall order report, read from `../shared/data/` beside the package; never copied into the repository.
enum TmallFixture {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/tmall_order_report.csv")

    static let text: String? = try? String(contentsOf: url, encoding: .utf8)

    static var isAvailable: Bool { text != nil }

    static let missing = "tmall_order_report.csv not found at \(url.path) (see /work/shared/data/README.md); skipped"

    /// The report's rows read independently of the converter (it has no quoted fields): number, total,
    /// province, paid-at text and refunded amount.
    static let rows: [(number: Int, total: Double, province: String, paidAt: String, refunded: Double)] = {
        guard let text else { return [] }
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (Int(f[0])!, Double(f[1])!, f[3], f[5], Double(f[6])!)
        }
    }()
}

@Suite("Tmall order report conversion")
struct SimulatorTmallTests {
    @Test(
        "Every paid order becomes an order event, unpaid ones are skipped",
        .enabled(if: TmallFixture.isAvailable, "\(TmallFixture.missing)"))
    func realReportCounts() throws {
        let conversion = try TmallConverter.conversion(csv: TmallFixture.text!, seed: 1)
        let rows = TmallFixture.rows
        #expect(conversion.rows == 28_010 && rows.count == 28_010)
        let paid = rows.filter { !$0.paidAt.isEmpty }
        #expect(conversion.paidOrders == paid.count)
        #expect(conversion.unpaidSkipped == rows.count - paid.count)
        #expect(conversion.refunds == paid.filter { $0.refunded > 0 }.count)
        let orders = conversion.events.filter { $0.type == .order }
        let refunds = conversion.events.filter { $0.type == .refund }
        #expect(orders.count == conversion.paidOrders && refunds.count == conversion.refunds)
        let totalCents = paid.reduce(Int64(0)) { $0 + Int64(($1.total * 100).rounded()) }
        #expect(orders.reduce(Int64(0)) { $0 + $1.amountCents! } == totalCents)
        let refundedCents = paid.reduce(Int64(0)) { $0 + Int64(($1.refunded * 100).rounded()) }
        #expect(refunds.reduce(Int64(0)) { $0 + $1.amountCents! } == refundedCents)
        #expect(Set(conversion.events.map(\.shopID)) == [TmallConverter.shopID])
        #expect(Set(orders.map(\.buyerID)).count == orders.count, "one buyer per order")
    }

    @Test(
        "Orders sit at payment time, China time; receivers carry the province only",
        .enabled(if: TmallFixture.isAvailable, "\(TmallFixture.missing)"))
    func realReportOrders() throws {
        let events = try TmallConverter.convert(csv: TmallFixture.text!, seed: 1)
        let byOrder = Dictionary(uniqueKeysWithValues: events.filter { $0.type == .order }.map { ($0.orderID!, $0) })
        for row in TmallFixture.rows where !row.paidAt.isEmpty {
            let order = try #require(byOrder["tmall-o\(row.number)"])
            let ts = try #require(try Self.object(order.jsonLine())["ts"] as? String)
            #expect(ts == row.paidAt.replacingOccurrences(of: " ", with: "T") + ".000+08:00")
            #expect(order.receiver == Receiver(address: row.province))
        }
    }

    @Test(
        "Refunds follow payment by 1–72 hours, sorted, seeded",
        .enabled(if: TmallFixture.isAvailable, "\(TmallFixture.missing)"))
    func realReportRefunds() throws {
        let events = try TmallConverter.convert(csv: TmallFixture.text!, seed: 1)
        let sorted = zip(events, events.dropFirst()).allSatisfy { a, b in
            a.timestamp < b.timestamp || (a.timestamp == b.timestamp && a.eventID < b.eventID)
        }
        #expect(sorted)
        let orders = Dictionary(uniqueKeysWithValues: events.filter { $0.type == .order }.map { ($0.orderID!, $0) })
        var delays: [Int64] = []
        for refund in events where refund.type == .refund {
            let order = try #require(orders[refund.orderID!])
            delays.append(refund.timestamp - order.timestamp)
            #expect(refund.amountCents! <= order.amountCents! && refund.buyerID == order.buyerID)
        }
        #expect(delays.allSatisfy { (3_600_000...72 * 3_600_000).contains($0) })
        #expect(Set(delays).count > delays.count / 2, "delays vary")
        #expect(try TmallConverter.convert(csv: TmallFixture.text!, seed: 1) == events)
        let reseeded = try TmallConverter.convert(csv: TmallFixture.text!, seed: 2)
        #expect(reseeded.filter { $0.type == .order } == events.filter { $0.type == .order })
        #expect(reseeded != events)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static let header = "\u{FEFF}订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额"

    @Test("A small report with CRLF line ends and quoted fields converts")
    func smallReport() throws {
        let csv =
            Self.header + "\r\n"
            + "1,178.8,0.0,上海,2020-02-21 00:00:00,,0.0\r\n"
            + "2,21,21.0,\"内蒙古,自治区\",2020-02-20 23:59:54,2020-02-21 00:00:02,0.0\r\n"
            + "3,64.80,0.0,江苏省,2020-02-20 23:57:04,2020-02-20 23:57:11,64.8\r\n"
        let conversion = try TmallConverter.conversion(csv: csv, seed: 9)
        #expect(conversion.rows == 3 && conversion.paidOrders == 2 && conversion.unpaidSkipped == 1)
        #expect(conversion.refunds == 1)
        let order2 = try #require(conversion.events.first { $0.orderID == "tmall-o2" && $0.type == .order })
        #expect(order2.amountCents == 2_100 && order2.receiver?.address == "内蒙古,自治区")
        let refund = try #require(conversion.events.first { $0.type == .refund })
        #expect(refund.amountCents == 6_480 && refund.orderID == "tmall-o3" && refund.recordID == "tmall-r3")
    }

    @Test(
        "Bad input is reported with its line and column",
        arguments: [
            ("订单编号,总金额\n1,2\n", 1, "收货地址"),
            (header + "\n1,abc,0,上海,2020-02-21 00:00:00,2020-02-21 00:00:00,0\n", 2, "总金额"),
            (header + "\n1,1.234,0,上海,2020-02-21 00:00:00,2020-02-21 00:00:00,0\n", 2, "总金额"),
            (header + "\n1,-5,0,上海,2020-02-21 00:00:00,2020-02-21 00:00:00,0\n", 2, "总金额"),
            (header + "\n1,5,0,上海,2020-02-21 00:00:00,2020-02-30 00:00:00,0\n", 2, "订单付款时间"),
            (header + "\n1,5,0,上海,2020-02-21 00:00:00,yesterday,0\n", 2, "订单付款时间"),
            (header + "\n1,5,0,上海,2020-02-21 00:00:00,2020-02-21 00:00:00,x\n", 2, "退款金额"),
            (header + "\nx1,5,0,上海,2020-02-21 00:00:00,2020-02-21 00:00:00,0\n", 2, "订单编号"),
            (header + "\n1,5,0,上海,2020-02-21 00:00:00,,0\n\n1,5,0,上海,2020-02-21 00:00:00,,0\n", 4, "订单编号"),
        ])
    func badInput(csv: String, line: Int, field: String) {
        #expect {
            try TmallConverter.convert(csv: csv, seed: 1)
        } throws: { error in
            guard let error = error as? TmallConversionError else { return false }
            return error.line == line && error.field == field && !error.message.isEmpty
        }
    }

    @Test(
        "Broken CSV structure is reported with its line",
        arguments: [
            (header + "\n1,5,0\n", 2),
            (header + "\n1,5,0,\"上海,2020-02-21 00:00:00,,0\n", 2),
            (header + "\n1,5,0,上\"海,2020-02-21 00:00:00,,0\n", 2),
            ("", 1),
        ])
    func brokenStructure(csv: String, line: Int) {
        #expect {
            try TmallConverter.convert(csv: csv, seed: 1)
        } throws: { error in
            (error as? TmallConversionError)?.line == line
        }
    }
}
