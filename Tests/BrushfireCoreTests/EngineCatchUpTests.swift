import BrushfireCore
import Testing

/// A partition that was idle while the others moved event time on, then wakes: its shops are caught up on their
/// own event time instead of its events being refused as late.
@Suite("A waking partition is caught up, not refused")
struct EngineCatchUpTests {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 1_794_009_600_000  // a UTC midnight

    static func order(_ n: Int, shop: String, at t: Int64, vague: Bool = false) -> Event {
        let address = vague ? "浙江省杭州市" : "浙江省杭州市西湖区文三路\(n % 500 + 1)号\(n % 9 + 1)幢\(n % 30 + 101)室"
        return Event(
            eventID: "e-o\(n)", type: .order, timestamp: t, shopID: shop, buyerID: "buyer-\(shop)-\(n % 4_000)",
            orderID: "o\(n)", itemID: "item-1", amountCents: 2_990, currency: "CNY",
            receiver: Receiver(
                name: "收货人\(n % 4_000)", phone: "138\(10_000_000 + n % 4_000)", address: address))
    }

    static func refund(_ n: Int, of order: Event, at t: Int64) -> Event {
        Event(
            eventID: "e-r\(n)", type: .refund, timestamp: t, shopID: order.shopID, buyerID: order.buyerID,
            orderID: order.orderID, recordID: "r\(n)")
    }

    /// Partition 0: ten shops trading steadily for two days. Partition 1: the victim trading steadily on day 1,
    /// then on day 2 a burst of 200 vague orders in ten minutes at 10:00, refunded from 14:00.
    static func partitions() -> (steady: [Event], victim: (day1: [Event], day2: [Event])) {
        var n = 0
        var steady: [Event] = []
        for minute in stride(from: 0, to: 2 * 24 * 60, by: 2) {
            for shop in 0..<10 {
                n += 1
                steady.append(order(n, shop: "shop-\(shop)", at: start + Int64(minute) * 60_000 + Int64(shop) * 1_000))
            }
        }
        var day1: [Event] = []
        var day2: [Event] = []
        for minute in stride(from: 0, to: 2 * 24 * 60, by: 6) {
            n += 1
            let event = order(n, shop: "victim", at: start + Int64(minute) * 60_000 + 500)
            if minute < 24 * 60 { day1.append(event) } else { day2.append(event) }
        }
        var burst: [Event] = []
        for k in 0..<200 {
            n += 1
            burst.append(
                order(n, shop: "victim", at: start + day + 10 * 3_600_000 + Int64(k) * 3_000 + 700, vague: true))
        }
        for (k, placed) in burst.enumerated() {
            n += 1
            burst.append(refund(n, of: placed, at: start + day + 14 * 3_600_000 + Int64(k) * 20_000 + 300))
        }
        day2 = (day2 + burst).sorted { $0.timestamp < $1.timestamp }
        return (steady, (day1, day2))
    }

    struct Delivery {
        var alerts: [Alert] = []
        var late = 0
    }

    /// Offers events from a source, advancing every 256 events as the pipeline does.
    static func deliver(_ events: [Event], source: Int, to engine: inout Engine, into delivery: inout Delivery) {
        for (index, event) in events.enumerated() {
            if case .late = engine.ingest(event, source: source) { delivery.late += 1 }
            if index % 256 == 255 { delivery.alerts += engine.advance() }
        }
        delivery.alerts += engine.advance()
    }

    /// The incidents' shape: what an alert says, without the platform-wide shares (which count the other
    /// partition's traffic at a different moment when a partition catches up later).
    static func shape(_ alert: Alert) -> String {
        let counts = ["orders", "refunded_orders", "burst_orders", "refunds"].compactMap { name in
            alert.metric(name).map { "\(name)=\($0)" }
        }
        return [
            alert.alertID, alert.rule, alert.status.rawValue, "\(alert.severity)", alert.subject.id,
            "\(alert.windowStart)", "\(alert.windowEnd)", "\(alert.eventTime)",
        ].joined(separator: " ") + " " + counts.joined(separator: " ")
    }

    @Test("A partition idle for a day wakes: none of its events refused, the same incidents as a sorted replay")
    func aWakingPartitionIsCaughtUp() throws {
        let (steady, victim) = Self.partitions()

        // The reference: everything sorted, one source (a replay).
        var replay = Engine()
        var reference = Delivery()
        Self.deliver(
            (steady + victim.day1 + victim.day2).sorted { $0.timestamp < $1.timestamp }, source: 0, to: &replay,
            into: &reference)
        reference.alerts += replay.finish()
        let expected = reference.alerts.filter { $0.subject.id == "victim" }.map(Self.shape)
        #expect(expected.contains { $0.contains("reverse_brushing") }, "the reference catches the attack")

        // The daemon's view: day 1 from both partitions; then partition 1 goes idle while partition 0 delivers
        // day 2; then partition 1 wakes with its day 2.
        var engine = Engine()
        engine.addSource(0)
        engine.addSource(1)
        var delivery = Delivery()
        let day1 = (steady.filter { $0.timestamp < Self.start + Self.day } + victim.day1).sorted {
            $0.timestamp < $1.timestamp
        }
        for event in day1 {
            if case .late = engine.ingest(event, source: event.shopID == "victim" ? 1 : 0) { delivery.late += 1 }
        }
        delivery.alerts += engine.advance()
        engine.setSourceIdle(1, true)
        Self.deliver(steady.filter { $0.timestamp >= Self.start + Self.day }, source: 0, to: &engine, into: &delivery)
        #expect(engine.processedThrough > Self.start + 2 * Self.day - 3_600_000, "event time moved on a day")
        engine.setSourceIdle(1, false)
        Self.deliver(victim.day2, source: 1, to: &engine, into: &delivery)
        delivery.alerts += engine.finish()

        #expect(delivery.late == 0)
        #expect(engine.statistics.late == 0)
        #expect(engine.statistics.caughtUp == victim.day2.count)
        #expect(delivery.alerts.filter { $0.subject.id == "victim" }.map(Self.shape) == expected)
        // The other partition's shops saw nothing different.
        #expect(
            delivery.alerts.filter { $0.subject.id != "victim" }.map(Self.shape)
                == reference.alerts.filter { $0.subject.id != "victim" }.map(Self.shape))
    }

    @Test("An event late for its own partition too is still refused as late")
    func lateWithinItsOwnPartitionIsRefused() {
        let (steady, _) = Self.partitions()
        var engine = Engine()
        engine.addSource(0)
        engine.addSource(1)
        var delivery = Delivery()
        Self.deliver(Array(steady.prefix(2_000)), source: 0, to: &engine, into: &delivery)
        Self.deliver(
            Array(steady.prefix(2_000)).map { event in
                var moved = event
                moved.eventID += "-p1"
                moved.shopID = "other-" + event.shopID
                return moved
            }, source: 1, to: &engine, into: &delivery)
        #expect(delivery.late == 0)
        // Partition 1 is now at the same time as partition 0; an event an hour before that is late for it.
        var stale = steady[1_999]
        stale.eventID = "stale"
        stale.shopID = "other-shop-3"
        stale.timestamp -= 3_600_000
        guard case .late = engine.ingest(stale, source: 1) else {
            Issue.record("an event an hour behind its own partition was admitted")
            return
        }
        #expect(engine.statistics.caughtUp == 0)
    }
}
