import BrushfireCore
import BrushfireSimulator
import Foundation
import Testing

@Suite("Event.jsonLine() writes event contract v1")
struct SimulatorContractTests {
    /// A handful of each event type from a real run, plus complaints with and without an order.
    static let sample: [Event] = {
        let events = Simulator.run(.extortionRing, options: SimulatorFixtures.small).events
        var picked: [Event] = []
        for type in EventType.allCases {
            picked += events.filter { $0.type == type }.prefix(40)
        }
        return picked
    }()

    static let keyOrder: [EventType: [String]] = [
        .order: [
            "event_id", "type", "ts", "shop_id", "order_id", "buyer_id", "item_id", "amount_cents", "currency",
            "receiver",
        ],
        .refund: ["event_id", "type", "ts", "shop_id", "order_id", "buyer_id", "refund_id", "amount_cents", "reason"],
        .review: ["event_id", "type", "ts", "shop_id", "order_id", "buyer_id", "review_id", "rating"],
        .complaint: ["event_id", "type", "ts", "shop_id", "complaint_id", "buyer_id", "filed_by", "kind", "order_id"],
    ]

    static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Top-level keys in the order written (JSONSerialization forgets order).
    static func writtenKeys(_ line: String, among keys: [String]) -> [String] {
        keys.compactMap { key in line.range(of: "\"\(key)\":").map { (key, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test("Every type carries its required keys with the right JSON types")
    func requiredKeysAndTypes() throws {
        #expect(Set(Self.sample.map(\.type)) == Set(EventType.allCases))
        for event in Self.sample {
            let line = event.jsonLine()
            #expect(!line.contains("\n"))
            let json = try Self.object(line)
            #expect(json["event_id"] as? String == event.eventID)
            #expect(json["type"] as? String == event.type.description)
            #expect(json["shop_id"] as? String == event.shopID)
            #expect(json["buyer_id"] as? String == event.buyerID)
            #expect(json["ts"] is String)
            switch event.type {
            case .order:
                #expect(json["order_id"] as? String == event.orderID)
                #expect(json["item_id"] as? String == event.itemID)
                #expect((json["amount_cents"] as? NSNumber)?.int64Value == event.amountCents)
                let receiver = try #require(json["receiver"] as? [String: Any])
                #expect(receiver["name"] as? String == event.receiver?.name)
                #expect(receiver["phone"] as? String == event.receiver?.phone)
                #expect(receiver["address"] as? String == event.receiver?.address)
            case .refund:
                #expect(json["refund_id"] as? String == event.recordID)
                #expect((json["amount_cents"] as? NSNumber)?.int64Value == event.amountCents)
            case .review:
                #expect(json["review_id"] as? String == event.recordID)
                let rating = try #require(json["rating"] as? Int)
                #expect((1...5).contains(rating) && rating == event.rating)
            case .complaint:
                #expect(json["complaint_id"] as? String == event.recordID)
                #expect(["buyer", "shop"].contains(json["filed_by"] as? String))
                #expect(["harassment", "extortion", "other"].contains(json["kind"] as? String))
            }
        }
    }

    @Test("Keys appear in contract order")
    func keyOrder() {
        for event in Self.sample {
            let expected = Self.keyOrder[event.type]!
            let line = event.jsonLine()
            let written = Self.writtenKeys(line, among: expected)
            #expect(written == expected.filter { line.contains("\"\($0)\":") }, "\(line)")
        }
    }

    @Test("Time is RFC 3339 at +08:00 with milliseconds, and names the same instant")
    func chinaTime() throws {
        let event = Event(
            eventID: "e1", type: .review, timestamp: 1_794_362_400_123, shopID: "s", buyerID: "b", orderID: "o",
            recordID: "r", rating: 5)
        let json = try Self.object(event.jsonLine())
        #expect(json["ts"] as? String == "2026-11-11T10:00:00.123+08:00")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for sampled in Self.sample {
            let text = try #require(try Self.object(sampled.jsonLine())["ts"] as? String)
            #expect(text.hasSuffix("+08:00") && text.count == 29, "\(text)")
            let date = try #require(formatter.date(from: text))
            #expect(Int64((date.timeIntervalSince1970 * 1000).rounded()) == sampled.timestamp)
        }
    }

    @Test("Absent optional fields are left out; complaints without an order have no order_id")
    func optionalFieldsOmitted() throws {
        let order = Event(
            eventID: "e2", type: .order, timestamp: 1_794_362_400_000, shopID: "s", buyerID: "b", orderID: "o",
            itemID: "i", amountCents: 0, receiver: Receiver(address: "浙江省"))
        let json = try Self.object(order.jsonLine())
        #expect(json["currency"] == nil)
        #expect((json["receiver"] as? [String: Any])?.keys.sorted() == ["address"])
        let complaint = Event(
            eventID: "e3", type: .complaint, timestamp: 1_794_362_400_000, shopID: "s", buyerID: "b",
            recordID: "c", filedBy: .shop, complaintKind: .extortion)
        let complaintJSON = try Self.object(complaint.jsonLine())
        #expect(complaintJSON["order_id"] == nil)
        #expect(complaintJSON["filed_by"] as? String == "shop")
        #expect(complaintJSON["kind"] as? String == "extortion")
    }

    @Test("Quotes, backslashes, control characters and CJK text survive a round trip")
    func escaping() throws {
        let name = "王\"小\\明\n\t\u{01}"
        let event = Event(
            eventID: "e\"4", type: .order, timestamp: 1_794_362_400_000, shopID: "s", buyerID: "b", orderID: "o",
            itemID: "i", amountCents: 2990, currency: "CNY",
            receiver: Receiver(name: name, phone: "＋86 138 1234 5678", address: "义乌市稠城街道附近"))
        let json = try Self.object(event.jsonLine())
        #expect(json["event_id"] as? String == "e\"4")
        let receiver = try #require(json["receiver"] as? [String: Any])
        #expect(receiver["name"] as? String == name)
        #expect(receiver["phone"] as? String == "＋86 138 1234 5678")
    }

    @Test("The core's decoder reads every written line back to the same event")
    func decoderRoundTrip() {
        let decoder = EventDecoder()
        var mismatches: [String] = []
        for event in Self.sample {
            switch decoder.decode(Array(event.jsonLine().utf8)) {
            case .success(let decoded):
                if decoded != event { mismatches.append("\(event.eventID): \(decoded) != \(event)") }
            case .failure(let error):
                mismatches.append("\(event.eventID): \(error)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test(
        "The JSON Schema accepts every written line",
        .enabled(if: SchemaValidator.isAvailable, "\(SchemaValidator.unavailableReason ?? "")"))
    func schemaAcceptsLines() throws {
        let lines = Self.sample.map { Array($0.jsonLine().utf8) }
        let verdicts = try SchemaValidator.eventSchema.verdicts(forLines: lines)
        #expect(verdicts.count == lines.count)
        let invalid = verdicts.filter { !$0.isValid }
        #expect(invalid.isEmpty, "\(invalid.prefix(3).map { "line \($0.line): \($0.reason ?? "")" })")
    }
}
