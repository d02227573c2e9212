import Testing

@testable import BrushfireCore

/// Event time at the edges: lone wrong clocks far in the future versus a stream that really went quiet.
@Suite struct EngineEventTimeTests {
    static let start: Int64 = 1_794_000_000_000
    static let day: Int64 = 86_400_000

    static func review(_ id: Int, at time: Int64) -> Event {
        Event(eventID: "e\(id)", type: .review, timestamp: time, shopID: "shop-1", buyerID: "b\(id)", rating: 5)
    }

    @Test("A lone event a year ahead is held without moving event time, and processed at the end of input")
    func loneOutlier() {
        var engine = Engine()
        #expect(engine.ingest(Self.review(1, at: Self.start)) == .accepted)
        #expect(engine.ingest(Self.review(2, at: Self.start + 365 * Self.day)) == .held(frontier: Self.start))
        #expect(engine.ingest(Self.review(3, at: Self.start + 60_000)) == .accepted)
        #expect(engine.ingest(Self.review(4, at: Self.start + 366 * Self.day)) == .held(frontier: Self.start + 60_000))
        #expect(engine.ingest(Self.review(5, at: Self.start + 120_000)) == .accepted)
        #expect(engine.watermarks.frontier == Self.start + 120_000)
        #expect(engine.statistics.tooFarAhead == 0)
        #expect(engine.statistics.held == 2)
        _ = engine.finish()
        #expect(engine.statistics.processed == 5)
    }

    @Test("After a quiet stretch longer than the limit, consecutive events confirm the jump and none is lost")
    func quietStretch() {
        var engine = Engine()
        let confirmations = engine.rules.engine.forwardJumpConfirmations
        #expect(engine.ingest(Self.review(0, at: Self.start)) == .accepted)
        let resume = Self.start + 3 * Self.day
        var admissions: [Admission] = []
        for i in 1...10 { admissions.append(engine.ingest(Self.review(i, at: resume + Int64(i) * 1_000))) }
        #expect(admissions.prefix(confirmations - 1).allSatisfy { $0 == .held(frontier: Self.start) })
        #expect(admissions.dropFirst(confirmations - 1).allSatisfy { $0 == .accepted })
        #expect(engine.watermarks.frontier == resume + 10_000)
        _ = engine.finish()
        #expect(engine.statistics.processed == 11)
        #expect(engine.statistics.tooFarAhead == 0)
    }

    @Test("Far-ahead events that disagree with each other never confirm a jump, and are all processed at the end")
    func scatteredOutliers() {
        var engine = Engine()
        #expect(engine.ingest(Self.review(0, at: Self.start)) == .accepted)
        for i in 1...6 {
            let time = Self.start + Int64(i) * 10 * Self.day
            #expect(engine.ingest(Self.review(i, at: time)) == .held(frontier: Self.start))
        }
        #expect(engine.ingest(Self.review(7, at: Self.start + 1_000)) == .accepted)
        _ = engine.finish()
        #expect(engine.statistics.processed == 8)
    }

    @Test("Held events become ordinary once event time comes within reach of them")
    func heldReached() {
        var engine = Engine()
        #expect(engine.ingest(Self.review(0, at: Self.start)) == .accepted)
        #expect(engine.ingest(Self.review(1, at: Self.start + 2 * Self.day)) == .held(frontier: Self.start))
        for hour in 1...30 {
            #expect(engine.ingest(Self.review(100 + hour, at: Self.start + Int64(hour) * 3_600_000)) == .accepted)
        }
        #expect(engine.heldTimes.isEmpty)
        _ = engine.advance()
        #expect(engine.statistics.processed == 30)
        _ = engine.finish()
        #expect(engine.statistics.processed == 32)
    }

    @Test("More far-ahead events than the rules let wait at once are refused as too_far_ahead")
    func heldLimit() {
        var rules = Rules.defaults
        rules.engine.maxHeldEvents = 3
        var engine = Engine(rules: rules)
        #expect(engine.ingest(Self.review(0, at: Self.start)) == .accepted)
        for i in 1...3 {
            // Ten days apart: they never confirm each other.
            #expect(engine.ingest(Self.review(i, at: Self.start + Int64(i) * 10 * Self.day)) != .accepted)
        }
        #expect(engine.ingest(Self.review(4, at: Self.start + 40 * Self.day)).rejectReason == "too_far_ahead")
        #expect(engine.statistics.tooFarAhead == 1)
    }
}

@Suite struct DecoderEscapedTimestampTests {
    @Test("A ts string written with JSON escapes decodes to the same instant as the plain form")
    func escapedTimestamp() throws {
        let plain =
            #"{"event_id":"e1","type":"review","ts":"2026-11-11T10:00:00.123+08:00","shop_id":"s","order_id":"o","buyer_id":"b","review_id":"r","rating":5}"#
        let escaped =
            #"{"event_id":"e1","type":"review","ts":"2026-11-11T10:00:00.123\u002B08:00","shop_id":"s","order_id":"o","buyer_id":"b","review_id":"r","rating":5}"#
        let bad =
            #"{"event_id":"e1","type":"review","ts":"2026-11-11T10:00:00\u0058","shop_id":"s","order_id":"o","buyer_id":"b","review_id":"r","rating":5}"#
        let decoder = EventDecoder()
        let a = try decoder.decode(Array(plain.utf8)).get().timestamp
        let b = try decoder.decode(Array(escaped.utf8)).get().timestamp
        #expect(a == 1_794_362_400_123)
        #expect(a == b)
        #expect(throws: DecodeError.self) { try decoder.decode(Array(bad.utf8)).get() }
    }
}

@Suite struct EventJSONEdgeTests {
    @Test("Events in the last hours of 2099 are written in UTC so the line stays inside the contract's years")
    func endOfRange() throws {
        for millis in [Timestamp.endOfRange - 1, Timestamp.endOfRange - 8 * 3_600_000, 1_794_362_400_123] {
            let event = Event(
                eventID: "e", type: .review, timestamp: millis, shopID: "s", buyerID: "b", orderID: "o",
                recordID: "r", rating: 4)
            let line = event.jsonLine()
            let decoded = try EventDecoder().decode(Array(line.utf8)).get()
            #expect(decoded.timestamp == millis, "\(line)")
        }
    }
}
