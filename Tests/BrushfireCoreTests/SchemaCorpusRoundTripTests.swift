import BrushfireCore
import Testing

/// The generated events that `SchemaAgreementTests` mutates must themselves decode to the values they were
/// built from; otherwise agreement on verdicts alone could hide a decoder that reads the wrong values.
struct SchemaCorpusRoundTripTests {
    @Test func unmutatedGeneratedEventsDecodeToTheirValues() {
        var generator = SchemaCorpusGenerator(seed: SchemaAgreementTests.corpusSeed)
        let cases = generator.cases(count: SchemaAgreementTests.corpusSize).filter { $0.expected != nil }
        #expect(cases.count > 300)
        let decoder = EventDecoder()
        var problems: [String] = []
        for item in cases {
            let expected = item.expected!
            switch decoder.decode(item.bytes) {
            case .failure(let error):
                problems.append("\(error): \(SchemaAgreementTests.preview(item.bytes))")
            case .success(let event):
                let differences = Self.differences(event, expected)
                if !differences.isEmpty {
                    problems.append("\(differences): \(SchemaAgreementTests.preview(item.bytes))")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) events:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test func generatorDaysMatchKnownDates() {
        #expect(SchemaCorpusGenerator.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(SchemaCorpusGenerator.daysSinceEpoch(year: 2000, month: 1, day: 1) * 86_400_000 == 946_684_800_000)
        #expect(SchemaCorpusGenerator.daysSinceEpoch(year: 2100, month: 1, day: 1) * 86_400_000 == 4_102_444_800_000)
        #expect(SchemaCorpusGenerator.daysSinceEpoch(year: 2024, month: 3, day: 1) == 19_783)
    }

    /// Names of the fields that differ, among those an event of its type carries.
    static func differences(_ actual: Event, _ expected: Event) -> [String] {
        var names: [String] = []
        func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
            if a != b { names.append("\(name): \(a) != \(b)") }
        }
        check("eventID", actual.eventID, expected.eventID)
        check("type", actual.type, expected.type)
        check("timestamp", actual.timestamp, expected.timestamp)
        check("shopID", actual.shopID, expected.shopID)
        check("buyerID", actual.buyerID, expected.buyerID)
        check("orderID", actual.orderID, expected.orderID)
        check("recordID", actual.recordID, expected.recordID)
        switch expected.type {
        case .order:
            check("itemID", actual.itemID, expected.itemID)
            check("amountCents", actual.amountCents, expected.amountCents)
            check("currency", actual.currency, expected.currency)
            if let receiver = expected.receiver {
                check("receiver.name", actual.receiver?.name, receiver.name)
                check("receiver.phone", actual.receiver?.phone, receiver.phone)
                check("receiver.address", actual.receiver?.address, receiver.address)
            }
        case .refund:
            check("amountCents", actual.amountCents, expected.amountCents)
            check("reason", actual.reason, expected.reason)
        case .review:
            check("rating", actual.rating, expected.rating)
        case .complaint:
            check("filedBy", actual.filedBy, expected.filedBy)
            check("complaintKind", actual.complaintKind, expected.complaintKind)
        }
        return names
    }
}
