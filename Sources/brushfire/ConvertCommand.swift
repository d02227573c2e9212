import ArgumentParser
import BrushfireCore
import BrushfireSimulator
import Foundation

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Converts a public order export into contract events (JSON lines).",
        discussion: """
            Formats: tmall — the Tmall order report (订单编号, 总金额, 买家实际支付金额, 收货地址, 订单创建时间,
            订单付款时间, 退款金额). Unpaid orders are skipped; each refund is placed a seeded-random 1–72 h
            after payment. docs/simulator.md states every fill rule.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tmall
    }

    @Argument(help: "Input format.")
    var format: Format

    @Argument(help: "The CSV file to convert.")
    var csv: String

    @Option(help: "Write events here instead of standard output.")
    var out: String?

    @Option(help: "Seed for the refund delays.")
    var seed: UInt64 = 1

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: csv, encoding: .utf8)
        } catch {
            throw ConvertFailure(message: "cannot read \(csv) as UTF-8 text: \(error.localizedDescription)")
        }
        let conversion: TmallConversion
        do {
            conversion = try TmallConverter.conversion(csv: text, seed: seed)
        } catch {
            throw ConvertFailure(message: "\(csv): \(error)")
        }
        let writer = try LineWriter(path: out)
        for event in conversion.events { try writer.write(event.jsonLine()) }
        try writer.close()
        let summary =
            "\(csv): \(conversion.rows) rows, \(conversion.paidOrders) paid orders, "
            + "\(conversion.refunds) refunds, \(conversion.unpaidSkipped) unpaid orders skipped, "
            + "\(conversion.events.count) events written\n"
        FileHandle.standardError.write(Data(summary.utf8))
    }
}

/// A conversion that cannot proceed; printed as `Error: <message>` without the usage text.
private struct ConvertFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
