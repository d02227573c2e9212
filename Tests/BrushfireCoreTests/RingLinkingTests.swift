import BrushfireCore
import BrushfireTestKit
import Testing

/// Small hand-built streams: the ring detectors on exactly the events a specification names.
@Suite("Ring linking on hand-built streams")
struct RingLinkingTests {
    static let start: Int64 = 1_794_000_000_000
    static let hour: Int64 = 3_600_000

    /// Each account orders at its own shops and leaves a 1-star review two hours later; `extortion` adds a
    /// shop's extortion complaint an hour after each review. `name` prefixes the ids, and the orders begin
    /// `after` the start.
    static func ring(
        phones: [String], addresses: [String?], ordersEach: Int = 3, extortion: Bool = false, name: String = "ring",
        after: Int64 = 0
    ) -> [Event] {
        var events: [Event] = []
        var n = 0
        for (account, phone) in phones.enumerated() {
            for k in 0..<ordersEach {
                n += 1
                let t = start + after + Int64(n) * 600_000
                let shop = "\(name)-shop-\(account)-\(k)"
                let buyer = "\(name)-b\(account)"
                let order = "\(name)-o\(n)"
                let address = addresses[account % addresses.count]
                events.append(
                    Event(
                        eventID: "\(name)-e-o\(n)", type: .order, timestamp: t, shopID: shop, buyerID: buyer,
                        orderID: order,
                        itemID: "i1", amountCents: 990, currency: "CNY",
                        receiver: Receiver(name: "张三\(account)", phone: phone, address: address)))
                events.append(
                    Event(
                        eventID: "\(name)-e-r\(n)", type: .review, timestamp: t + 2 * hour, shopID: shop,
                        buyerID: buyer,
                        orderID: order, recordID: "\(name)-rv\(n)", rating: 1))
                if extortion {
                    events.append(
                        Event(
                            eventID: "\(name)-e-c\(n)", type: .complaint, timestamp: t + 3 * hour, shopID: shop,
                            buyerID: buyer, orderID: order, recordID: "\(name)-cp\(n)", filedBy: .shop,
                            complaintKind: .extortion))
                }
            }
        }
        return events.sorted { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }
    }

    static let spellings = ["+86 138 0013 8000", "１３８００１３８０００", "0086-138-0013-8000", "138-0013-8000"]

    @Test("Four spellings of one phone link four accounts into one fingerprint_ring, shown masked")
    func phoneSpellingsLink() throws {
        let events = Self.ring(phones: Self.spellings, addresses: [nil], extortion: true)
        let alerts = EngineRun.alerts(events).alerts.filter { $0.rule == "fingerprint_ring" }
        let alert = try #require(alerts.last { $0.status != .resolved })
        #expect(alert.subject.kind == .phone)
        #expect(alert.subject.display == "138****8000")
        #expect(alert.metric("linked_accounts") == 4)
        // The incident escalated to critical once ten shops were hit; it does not re-alert for every hit after.
        #expect(alert.severity == .critical)
        #expect((alert.metric("shops_hit") ?? 0) >= 10)
        #expect((alert.metric("extortion_complaints") ?? 0) >= 2)
        #expect(Set(alert.evidenceBuyerIDs) == Set((0..<4).map { "ring-b\($0)" }))
        #expect(alert.evidenceOrderIDs.allSatisfy { $0.hasPrefix("ring-o") })
        #expect(!alert.summary.contains("13800138000") && alert.summary.contains("138****8000"))
        #expect(Set(alerts.map(\.alertID)).count == 1)
    }

    @Test("Spellings of one door link accounts with different phones")
    func addressSpellingsLink() throws {
        let addresses = [
            "浙江省金华市义乌市稠城街道工人北路1088号3幢502室", "浙江金华义乌市稠城街道工人北路１０８８号3栋502室",
            "金华市义乌市 稠城街道 工人北路1088号 3幢 502室",
        ]
        let phones = ["13900000001", "13900000002", "13900000003"]
        let events = Self.ring(phones: phones, addresses: addresses, ordersEach: 3)
        let alerts = EngineRun.alerts(events).alerts.filter { $0.rule == "fingerprint_ring" }
        let alert = try #require(alerts.first, "the three spellings did not link")
        #expect(alert.subject.kind == .address)
        #expect(alert.subject.display?.hasSuffix("…") == true)
        #expect(alert.subject.display?.contains("1088") == false)
        #expect(alert.metric("linked_accounts") == 3)
        #expect(alert.severity == .medium)
    }

    /// Two rings on two phones, each raising its own incident, and then `bridge` orders: each names a ring
    /// account, the phone it sends to and whether a 1-star review follows, twelve hours after the rings began
    /// (both incidents still open).
    static func twoRings(bridge: [(buyer: String, phone: String, reviewed: Bool)]) -> [Event] {
        var events =
            Self.ring(phones: Array(repeating: "13800138000", count: 4), addresses: [nil], name: "ra")
            + Self.ring(
                phones: Array(repeating: "13900139000", count: 4), addresses: [nil], name: "rb", after: 6 * hour)
        for (n, order) in bridge.enumerated() {
            let t = start + 12 * hour + Int64(n) * 600_000
            events.append(
                Event(
                    eventID: "bridge-e\(n)", type: .order, timestamp: t, shopID: "bridge-shop-\(n)",
                    buyerID: order.buyer, orderID: "bridge-o\(n)", itemID: "i1", amountCents: 990, currency: "CNY",
                    receiver: Receiver(name: "王五", phone: order.phone, address: nil)))
            if order.reviewed {
                events.append(
                    Event(
                        eventID: "bridge-r\(n)", type: .review, timestamp: t + hour, shopID: "bridge-shop-\(n)",
                        buyerID: order.buyer, orderID: "bridge-o\(n)", recordID: "bridge-rv\(n)", rating: 1))
            }
        }
        // Honest traffic after, so event time moves past the bridge's pane.
        for n in 0..<6 {
            events.append(
                Event(
                    eventID: "later-e\(n)", type: .order, timestamp: start + 14 * hour + Int64(n) * hour,
                    shopID: "later-shop", buyerID: "later-b\(n)", orderID: "later-o\(n)", itemID: "i1",
                    amountCents: 990, currency: "CNY"))
        }
        return events.sorted { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }
    }

    @Test("Two rings that an account later links become one incident: the younger resolves naming the older")
    func linkedRingsMerge() throws {
        let apart = EngineRun.alerts(Self.twoRings(bridge: [("rb-b1", "13900139000", true)])).alerts.filter {
            $0.rule == "fingerprint_ring"
        }
        #expect(Set(apart.map(\.alertID)).count == 2, "without the bridge the rings are two incidents")
        #expect(apart.allSatisfy { !$0.summary.contains("merged") })

        // An account of the first ring orders to the second ring's phone, and reviews the order with 1 star.
        let alerts = EngineRun.alerts(Self.twoRings(bridge: [("ra-b0", "13900139000", true)])).alerts
            .filter { $0.rule == "fingerprint_ring" }
        let older = try #require(alerts.first { $0.status == .open && $0.subject.display == "138****8000" })
        let younger = try #require(alerts.first { $0.status == .open && $0.subject.display == "139****9000" })
        let merged = try #require(alerts.first { $0.alertID == younger.alertID && $0.status == .resolved })
        #expect(
            merged.summary.hasSuffix(
                "merged into incident \(older.alertID): the same ring, linked through shared accounts"))
        // The merged incident resolves with the figures and evidence of its last alert.
        #expect(merged.metrics == younger.metrics && merged.evidenceBuyerIDs == younger.evidenceBuyerIDs)
        // The older incident carries on with both rings' accounts and evidence, and nothing reopens the younger.
        let grown = try #require(alerts.last { $0.alertID == older.alertID && $0.status != .resolved })
        #expect(grown.metric("linked_accounts") == 8)
        #expect(Set(grown.evidenceBuyerIDs) == Set((0..<4).flatMap { ["ra-b\($0)", "rb-b\($0)"] }))
        #expect(Set(alerts.map(\.alertID)) == [older.alertID, younger.alertID])
        #expect(alerts.filter { $0.alertID == younger.alertID }.last?.status == .resolved)

        var chinese = Rules.defaults
        chinese.incidents.locale = .zhCN
        let zh = EngineRun.alerts(Self.twoRings(bridge: [("ra-b0", "13900139000", true)]), rules: chinese).alerts
        let zhMerged = try #require(zh.first { $0.alertID == younger.alertID && $0.status == .resolved })
        #expect(zhMerged.summary.hasSuffix("（已并入事件 \(older.alertID)：同一团伙）"))
    }

    @Test("Rings whose accounts share only an unreviewed household phone stay two incidents")
    func householdDoesNotMerge() {
        // One account of each ring orders to the same phone, whose orders are never reviewed; then the second
        // ring's phone takes a hit, so its group walks and would reach the first ring through that phone.
        let bridge = [("ra-b0", "13700137000", false), ("rb-b0", "13700137000", false), ("rb-b1", "13900139000", true)]
        let alerts = EngineRun.alerts(Self.twoRings(bridge: bridge)).alerts.filter { $0.rule == "fingerprint_ring" }
        #expect(Set(alerts.map(\.alertID)).count == 2)
        #expect(alerts.allSatisfy { !$0.summary.contains("merged") })
    }

    @Test("Masked phones never link accounts, however many share the masked form")
    func maskedNeverLinks() {
        let masked = Array(repeating: "138****8000", count: 6)
        let events = Self.ring(phones: masked, addresses: [nil], extortion: true)
        let alerts = EngineRun.alerts(events).alerts.filter { $0.rule == "fingerprint_ring" }
        #expect(alerts.isEmpty)
    }

    @Test("A household of three shopping honestly, with the odd bad review, stays quiet")
    func household() {
        var events: [Event] = []
        for n in 0..<60 {
            let t = Self.start + Int64(n) * Self.hour
            let buyer = "home-b\(n % 3)"
            let order = "home-o\(n)"
            events.append(
                Event(
                    eventID: "h-o\(n)", type: .order, timestamp: t, shopID: "shop-\(n % 20)", buyerID: buyer,
                    orderID: order, itemID: "i1", amountCents: 990, currency: "CNY",
                    receiver: Receiver(
                        name: "李四", phone: "1390000000\(n % 3)", address: "上海市浦东新区张江镇博云路2号5幢301室")))
            if n % 10 == 0 {
                events.append(
                    Event(
                        eventID: "h-r\(n)", type: .review, timestamp: t + Self.hour / 2, shopID: "shop-\(n % 20)",
                        buyerID: buyer, orderID: order, recordID: "rv\(n)", rating: 1))
            }
        }
        events.sort { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }
        let alerts = EngineRun.alerts(events).alerts.filter { RingDetectionTests.ringRules.contains($0.rule) }
        #expect(alerts.isEmpty, "\(alerts.map(\.summary))")
    }

    @Test("Disabling fingerprint_ring in the rules silences it")
    func disabled() {
        var rules = Rules.defaults
        rules.fingerprintRing.enabled = false
        let events = Self.ring(phones: Self.spellings, addresses: [nil], extortion: true)
        #expect(EngineRun.alerts(events, rules: rules).alerts.allSatisfy { $0.rule != "fingerprint_ring" })
    }

    @Test("The defaults written as YAML parse back to the defaults")
    func rulesRoundTrip() throws {
        #expect(try Rules.parse(yaml: Rules.defaults.yaml()) == Rules.defaults)
        let custom = try Rules.parse(yaml: "fingerprint_ring:\n  min_accounts: 5\nretaliation:\n  within: 12h\n")
        #expect(custom.fingerprintRing.minAccounts == 5)
        #expect(custom.retaliation.within == 12 * Self.hour)
        let errors = Rules.check(yaml: "review_bombing:\n  min_suspicious_share: 2\n  bogus: 1\n")
        #expect(errors.count == 2)
    }
}

@Suite("Ring state memory")
struct RingMemoryTests {
    @Test("Identity windows stay under 1 KB per tracked key on three days of background traffic")
    func footprint() {
        let simulation = SimulationCache.shared.simulation(.background, seed: 1)
        var engine = Engine()
        for (i, event) in simulation.events.enumerated() {
            _ = engine.ingest(event)
            if i % 256 == 255 { _ = engine.advance() }
        }
        _ = engine.finish()
        let (keys, bytes) = engine.rings.footprint
        print("ring windows: \(keys) keys, \(bytes) bytes, \(bytes / max(keys, 1)) bytes per key")
        #expect(keys > 40_000)
        #expect(bytes / max(keys, 1) < 1024)
    }
}
