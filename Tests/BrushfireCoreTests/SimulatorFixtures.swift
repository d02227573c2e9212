import BrushfireCore
import BrushfireSimulator
import Foundation

/// Simulator runs shared by the simulator suites (each computed once per test process).
enum SimulatorFixtures {
    static let day: Int64 = 86_400_000
    static let hour: Int64 = 3_600_000

    /// Small enough to run every scenario several times.
    static let small = SimulationOptions(seed: 7, days: 3, shops: 150, ordersPerDay: 3_000, buyers: 5_000)

    /// Lighter background that still leaves thousands of established buyers and 130+ shops for the stories.
    static let medium = SimulationOptions(seed: 11, days: 3, shops: 300, ordersPerDay: 15_000, buyers: 20_000)

    /// The defaults, as `brushfire simulate` runs them.
    static let background = Simulator.run(.background, options: SimulationOptions())
    static let reverseBrushing = Simulator.run(.reverseBrushing, options: SimulationOptions())

    static let flashSale = Simulator.run(.flashSale, options: medium)
    static let viralNewShop = Simulator.run(.viralNewShop, options: medium)
    static let extortionRing = Simulator.run(.extortionRing, options: medium)
    static let refundRing = Simulator.run(.refundRing, options: medium)
    static let reviewBombing = Simulator.run(.reviewBombing, options: medium)
    static let retaliation = Simulator.run(.retaliation, options: medium)
    static let sharedDorm = Simulator.run(.sharedDorm, options: medium)
}

/// Indexes of a simulated stream that the scenario checks need.
struct StreamIndex {
    var orders: [String: Event] = [:]
    var refundsByOrder: [String: [Event]] = [:]
    var reviewsByOrder: [String: [Event]] = [:]
    var complaintsByOrder: [String: [Event]] = [:]
    /// Each buyer's first order time.
    var firstOrder: [String: Int64] = [:]

    init(_ events: [Event]) {
        for event in events {
            switch event.type {
            case .order:
                orders[event.orderID!] = event
                firstOrder[event.buyerID] = min(firstOrder[event.buyerID] ?? .max, event.timestamp)
            case .refund: refundsByOrder[event.orderID!, default: []].append(event)
            case .review: reviewsByOrder[event.orderID!, default: []].append(event)
            case .complaint:
                if let order = event.orderID { complaintsByOrder[order, default: []].append(event) }
            }
        }
    }
}

/// Folds the spellings the simulator varies (spaces, dashes, full-width digits, `+86`) for comparisons in tests.
enum Folding {
    static func digits(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: out.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            default: break
            }
        }
        return out.count == 13 && out.hasPrefix("86") ? String(out.dropFirst(2)) : out
    }

    /// The last ten characters of an address without spaces, with ASCII digits, `栋` written `幢` and no final
    /// `室`: the same door whichever way the province and city were written.
    static func address(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            if (0xFF10...0xFF19).contains(scalar.value) {
                out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        out = out.replacing("栋", with: "幢")
        if out.hasSuffix("室") { out.removeLast() }
        return String(out.suffix(10))
    }
}
