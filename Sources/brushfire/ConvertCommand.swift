import ArgumentParser
import BrushfireCore
import BrushfireSimulator
import Foundation

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Converts a public order export into contract events (JSON lines).",
        discussion: """
            tmall CSV: the Tmall order report (订单编号, 总金额, 买家实际支付金额, 收货地址, 订单创建时间, 订单付款时间, \
            退款金额). Unpaid orders are skipped; each refund is placed a seeded-random 1–72 h after payment.

            olist DIR: the Olist marketplace dataset, the directory holding olist_orders_dataset.csv, \
            olist_order_items_dataset.csv, olist_order_reviews_dataset.csv and olist_customers_dataset.csv, each \
            gzip-compressed (.csv.gz) or plain. One order event per (order, seller), a refund for each of a canceled \
            order's, a review event per review and seller; times in Brasília time (UTC−03:00).

            The README's "Real data" sections state every fill rule.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tmall
        case olist
    }

    @Argument(help: "Input format.")
    var format: Format

    @Argument(help: "The CSV file (tmall) or the dataset's directory (olist).")
    var input: String

    @Option(help: "Write events here instead of standard output.")
    var out: String?

    @Option(help: "Seed for the refund delays (tmall).")
    var seed: UInt64 = 1

    func run() async throws {
        let events: [Event]
        let summary: String
        switch format {
        case .tmall:
            let conversion = try tmall()
            events = conversion.events
            summary =
                "\(input): \(conversion.rows) rows, \(conversion.paidOrders) paid orders, "
                + "\(conversion.refunds) refunds, \(conversion.unpaidSkipped) unpaid orders skipped, "
                + "\(conversion.events.count) events written\n"
        case .olist:
            let conversion: OlistConversion
            do {
                conversion = try OlistConverter.conversion(directory: input)
            } catch {
                throw ConvertFailure(message: "\(error)")
            }
            events = conversion.events
            let rows = OlistFile.allCases.map { "\(conversion.rows[$0] ?? 0) \($0.rawValue)" }
            summary =
                "\(input): rows read: \(rows.joined(separator: ", ")); "
                + "\(conversion.orderEvents) orders (one per order and seller), \(conversion.refundEvents) refunds "
                + "(\(conversion.canceledOrders) canceled orders), \(conversion.reviewEvents) reviews; skipped "
                + "\(conversion.ordersWithoutItems) orders without items and their \(conversion.reviewsWithoutItems) "
                + "reviews; \(conversion.events.count) events written\n"
        }
        let writer = try LineWriter(path: out)
        for event in events { try writer.write(event.jsonLine()) }
        try writer.close()
        FileHandle.standardError.write(Data(summary.utf8))
    }

    private func tmall() throws -> TmallConversion {
        let text: String
        do {
            text = try String(contentsOfFile: input, encoding: .utf8)
        } catch {
            throw ConvertFailure(message: "cannot read \(input) as UTF-8 text: \(error.localizedDescription)")
        }
        do {
            return try TmallConverter.conversion(csv: text, seed: seed)
        } catch {
            throw ConvertFailure(message: "\(input): \(error)")
        }
    }
}

/// A conversion that cannot proceed; printed as `Error: <message>` without the usage text.
private struct ConvertFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
