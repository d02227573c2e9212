import BrushfireCore
import Foundation
import Testing

/// `Schemas/event.schema.json` and `EventDecoder` must give the same verdict on every line: the hand-written
/// corpus in `Tests/Fixtures/events` and a few thousand generated mutations of valid events.
@Suite(
    .enabled(
        if: SchemaValidator.isAvailable,
        "needs python3 with jsonschema and rfc3339-validator: python3 -m pip install jsonschema==4.26.0 rfc3339-validator==0.1.4"
    )
)
struct SchemaAgreementTests {
    static let fixtures = SchemaValidator.repositoryRoot.appendingPathComponent("Tests/Fixtures/events")
    static let corpusSeed: UInt64 = 0x0B5F_17E5_2026_1111
    static let corpusSize = 3000

    @Test func everyValidFixtureMatchesTheSchema() throws {
        let lines = try fixtureLines("valid.jsonl")
        let verdicts = try SchemaValidator.eventSchema.verdicts(forLines: lines)
        #expect(lines.count > 100)
        #expect(verdicts.count == lines.count)
        let rejected = verdicts.filter { !$0.isValid }.map { "valid.jsonl line \($0.line): \($0.reason ?? "")" }
        #expect(rejected.isEmpty, "the schema rejects:\n\(rejected.joined(separator: "\n"))")
    }

    @Test func everyInvalidFixtureFailsTheSchema() throws {
        let lines = try fixtureLines("invalid.jsonl")
        let verdicts = try SchemaValidator.eventSchema.verdicts(forLines: lines)
        #expect(lines.count > 100)
        #expect(verdicts.count == lines.count)
        let accepted = verdicts.filter(\.isValid).map { "invalid.jsonl line \($0.line)" }
        #expect(accepted.isEmpty, "the schema accepts:\n\(accepted.joined(separator: "\n"))")
    }

    @Test(arguments: ["valid.jsonl", "invalid.jsonl"])
    func decoderAgreesWithTheSchemaOnFixtures(file: String) throws {
        let lines = try fixtureLines(file)
        let problems = try Self.disagreements(lines, label: { "\(file) line \($0 + 1)" })
        #expect(problems.isEmpty, "\(problems.count) disagreements:\n\(problems.joined(separator: "\n"))")
    }

    @Test func decoderAgreesWithTheSchemaOnGeneratedLines() throws {
        var generator = SchemaCorpusGenerator(seed: Self.corpusSeed)
        let cases = generator.cases(count: Self.corpusSize)
        let lines = cases.map(\.bytes)
        #expect(!lines.contains { $0.contains(UInt8(ascii: "\n")) })
        let file = try SchemaValidator.temporaryFile(joining: lines)
        let verdicts = try SchemaValidator.eventSchema.verdicts(forJSONLinesAt: file)
        let valid = verdicts.filter(\.isValid).count
        // The corpus is only useful when both verdicts are common.
        #expect(valid > Self.corpusSize / 5 && valid < Self.corpusSize * 4 / 5, "\(valid) valid lines")

        let problems = try Self.disagreements(
            lines, verdicts: verdicts, label: { "generated case \($0) (\(cases[$0].note))" })
        let shown = problems.prefix(40).joined(separator: "\n")
        #expect(
            problems.isEmpty,
            "\(problems.count) of \(lines.count) generated lines disagree; corpus kept at \(file.path):\n\(shown)")
        if problems.isEmpty && ProcessInfo.processInfo.environment["BRUSHFIRE_KEEP_CORPUS"] == nil {
            try? FileManager.default.removeItem(at: file)
        } else {
            print("generated event corpus: \(file.path)")
        }

        // Every reject reason the decoder knows must occur, or the mutations miss a kind of bad input.
        let decoder = EventDecoder()
        let reasons = Set(
            lines.compactMap { line -> String? in
                guard case .failure(let error) = decoder.decode(line) else { return nil }
                return error.reason.rawValue
            })
        let allReasons: Set = [
            "too_long", "invalid_utf8", "malformed_json", "not_an_object", "missing_field", "wrong_type",
            "invalid_value", "unknown_type", "timestamp_out_of_range",
        ]
        #expect(reasons == allReasons, "missing: \(allReasons.subtracting(reasons).sorted())")
    }

    /// What Brushfire writes itself (`Event.jsonLine()`, used by simulate and convert) must be what it reads.
    @Test func eventJSONLinesMatchTheSchemaAndDecodeBack() throws {
        var generator = SchemaCorpusGenerator(seed: Self.corpusSeed)
        var events = generator.cases(count: 600).compactMap(\.expected)
        for timestamp in [Timestamp.earliest, Timestamp.endOfRange - 1] {
            events.append(
                Event(
                    eventID: "edge-\(timestamp)", type: .refund, timestamp: timestamp, shopID: "s", buyerID: "b",
                    orderID: "o", amountCents: 0, recordID: "r"))
        }
        let lines = events.map { Array($0.jsonLine().utf8) }
        let verdicts = try SchemaValidator.eventSchema.verdicts(forLines: lines)
        #expect(verdicts.count == lines.count)
        let rejected = verdicts.filter { !$0.isValid }.map { "\($0.reason ?? ""): \(Self.preview(lines[$0.line - 1]))" }
        #expect(
            rejected.isEmpty, "the schema rejects what Event.jsonLine() wrote:\n\(rejected.joined(separator: "\n"))")

        let decoder = EventDecoder()
        for (event, line) in zip(events, lines) {
            switch decoder.decode(line) {
            case .success(let decoded):
                let differences = SchemaCorpusRoundTripTests.differences(decoded, event)
                #expect(differences.isEmpty, "\(differences): \(Self.preview(line))")
            case .failure(let error):
                Issue.record("\(error): \(Self.preview(line))")
            }
        }
    }

    // MARK: Helpers

    func fixtureLines(_ name: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
        return SchemaValidator.lines(of: [UInt8](data))
    }

    /// One message per line on which the schema and the decoder disagree.
    static func disagreements(
        _ lines: [[UInt8]], verdicts: [SchemaValidator.Verdict]? = nil, label: (Int) -> String
    ) throws -> [String] {
        let verdicts = try verdicts ?? SchemaValidator.eventSchema.verdicts(forLines: lines)
        guard verdicts.count == lines.count else {
            return ["the validator judged \(verdicts.count) lines of \(lines.count)"]
        }
        let decoder = EventDecoder()
        var problems: [String] = []
        for (index, line) in lines.enumerated() {
            let schema = verdicts[index]
            switch decoder.decode(line) {
            case .success where !schema.isValid:
                problems.append(
                    "\(label(index)): schema rejects (\(schema.reason ?? "")), decoder accepts: \(preview(line))")
            case .failure(let error) where schema.isValid:
                problems.append("\(label(index)): schema accepts, decoder rejects (\(error)): \(preview(line))")
            default:
                break
            }
        }
        return problems
    }

    /// The start of a line with bytes outside printable ASCII written as `\xNN`.
    static func preview(_ line: [UInt8], limit: Int = 200) -> String {
        var text = ""
        for byte in line.prefix(limit) {
            if byte >= 0x20 && byte < 0x7F {
                text.append(Character(Unicode.Scalar(byte)))
            } else {
                text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return line.count > limit ? text + "… (\(line.count) bytes)" : text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
