import BrushfireCore
import BrushfireSimulator
import BrushfireTestKit
import Testing

@Suite("Read-only queries of the engine")
struct EngineQueryTests {
    static let events: [Event] = Simulator.run(
        .reverseBrushing, options: SimulationOptions(seed: 11, days: 3, shops: 30, ordersPerDay: 2_000, buyers: 4_000)
    ).events

    static let engine = finished()

    static func finished() -> Engine {
        var engine = Engine()
        for event in events {
            _ = engine.ingest(event)
            _ = engine.advance()
        }
        _ = engine.finish()
        return engine
    }

    @Test func aShopsMinuteHistoryHoldsExactlyItsOrdersAndRefundsPerMinuteOverTheLastDay() throws {
        let engine = Self.engine
        for shop in engine.shopIDs {
            var expected: [Int64: (orders: Int32, refunds: Int32)] = [:]
            let charted = Self.events.filter { $0.shopID == shop && ($0.type == .order || $0.type == .refund) }
            guard let newest = charted.map({ $0.timestamp / 60_000 }).max() else { continue }
            for event in charted where event.timestamp / 60_000 > newest - MinuteHistory.horizonMinutes {
                let minute = event.timestamp / 60_000
                if event.type == .order { expected[minute, default: (0, 0)].orders += 1 }
                if event.type == .refund { expected[minute, default: (0, 0)].refunds += 1 }
            }
            let history = try #require(engine.minuteHistory(shop: shop))
            let held = history.all
            #expect(held.map(\.minute) == expected.keys.sorted(), "minutes of \(shop)")
            for minute in held {
                #expect(
                    minute.orders == expected[minute.minute]?.orders
                        && minute.refunds == expected[minute.minute]?.refunds)
            }
            // A sub-range gives the minutes whose start lies in it.
            let from = (newest - 90) * 60_000
            #expect(
                history.minutes(from: from, to: newest * 60_000).map(\.minute)
                    == held.map(\.minute).filter {
                        $0 >= newest - 90 && $0 < newest
                    })
        }
    }

    @Test func asShopsWindowsCountItsEventsInTheLastOneFiveAndFifteenMinutes() throws {
        let engine = Self.engine
        let time = try #require(engine.eventTime)
        let busiest = Dictionary(grouping: Self.events.filter { $0.type == .order }, by: \.shopID)
            .max { $0.value.count < $1.value.count }!.key
        let view = try #require(engine.shop(busiest))
        #expect(view.windows.map(\.millis) == Rules.defaults.orderBurst.windows)
        for window in view.windows {
            let orders = Self.events.filter {
                $0.shopID == busiest && $0.type == .order && $0.timestamp >= time - window.millis && $0.timestamp < time
            }
            #expect(Int(window.counts.orders) == orders.count)
            #expect(window.rateRatio == Double(window.counts.orders) / max(window.expectedOrders, 0.5))
        }
        #expect(view.baseline.hoursClosed > 24)
        #expect(engine.shop("never-seen") == nil)
        let ranked = engine.shopsByBurstScore(limit: 5)
        #expect(ranked.count == 5 && ranked.map(\.burstScore) == ranked.map(\.burstScore).sorted(by: >))
    }

    @Test func askingQuestionsAfterEveryAdvanceChangesNoAlert() {
        let plain = EngineRun.alerts(Self.events, advanceEvery: 1).alerts
        var engine = Engine()
        var asked: [Alert] = []
        for event in Self.events {
            _ = engine.ingest(event)
            asked += engine.advance()
            _ = engine.shopsByBurstScore(limit: 3)
            _ = engine.trackedKeysByKind
            _ = engine.minuteHistory(shop: event.shopID)
        }
        asked += engine.finish()
        #expect(asked.map { $0.jsonLine() } == plain.map { $0.jsonLine() })
        #expect(!plain.isEmpty)
    }

    @Test func aPhoneFingerprintIsFoundByItsIdWithTheLastTimeItOrdered() throws {
        let engine = Self.engine
        let fingerprinter = Fingerprinter.development
        let lastByPhone = Dictionary(
            Self.events.compactMap { event -> (String, Int64)? in
                guard event.type == .order, let raw = event.receiver?.phone,
                    let fingerprint = fingerprinter.fingerprint(PhoneNormalizer.normalize(raw))
                else { return nil }
                return (fingerprinter.identifier(fingerprint, domain: .phone), event.timestamp)
            }, uniquingKeysWith: max)
        let (id, lastSeen) = try #require(lastByPhone.first)
        let view = try #require(engine.fingerprint(id))
        #expect(view.domain == .phone && view.lastSeen == lastSeen)
        #expect(engine.fingerprint("phone:k1:zz") == nil)
        #expect(engine.fingerprint("13800138000") == nil)
        #expect(engine.fingerprint("phone:k9:" + id.suffix(16)) == nil)
        #expect(engine.trackedKeysByKind.shops == engine.shopIDs.count)
    }
}
