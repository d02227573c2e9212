import Testing

@testable import BrushfireCore

/// Each operator on its own, fed hand-built facts and ticks: no decoder, no engine, no event time.
@Suite("Operators on hand-built input")
struct OperatorTests {
    static let start: Int64 = 1_794_000_000_000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let rules = Rules.defaults

    /// A shop's windows with `perHour` orders an hour for `hours` closed hours before `start`, so that it has a
    /// baseline and a day of history.
    static func establishedShop(perHour: Int = 20, hours: Int = 30) -> ShopWindows {
        let first = start - Int64(hours) * hour
        var shop = ShopWindows(id: "shop-a", at: first, rules: rules)
        for h in 0..<hours {
            for k in 0..<perHour {
                order(&shop, at: first + Int64(h) * hour + Int64(k) * (hour / Int64(perHour)))
            }
        }
        shop.roll(to: start)
        return shop
    }

    /// Counts one order into the shop's windows as enrichment judged it.
    static func order(
        _ shop: inout ShopWindows, at t: Int64, vague: Bool = false, newBuyer: Bool = false, mismatched: Bool = false,
        id: Int = 0
    ) {
        shop.roll(to: t)
        shop.lastEvent = t
        shop.panes.update(at: t) { pane in
            pane.orders += 1
            if vague { pane.vagueOrders += 1 }
            if newBuyer { pane.newBuyerOrders += 1 }
            if mismatched { pane.mismatchedOrders += 1 }
        }
        shop.buyers.observe(StableHash.of("buyer-\(t)-\(id)"), at: t)
        shop.tally.orders += 1
        if vague { shop.tally.vague += 1 }
        if newBuyer { shop.tally.newBuyers += 1 }
        if mismatched { shop.tally.mismatched += 1 }
        shop.remember(order: "o-\(t)-\(id)", buyer: "b-\(t)-\(id)")
    }

    static let context = ShopContext(platform: PlatformBaseline(), streamStart: start - 40 * hour)

    // MARK: order_burst

    @Test("order_burst opens on a burst of vague first-time orders, grows, and resolves after a quiet spell")
    func orderBurstLifecycle() throws {
        let burst = OrderBurstOperator(rules: Self.rules.orderBurst)
        var shop = Self.establishedShop()
        var state = OrderBurstOperator.State()
        var incidents = IncidentTracker(updateGrowth: Self.rules.incidents.updateGrowth)

        // Quiet: the shop's usual rate raises nothing.
        #expect(burst.evaluate(&state, shop, at: Self.start, context: Self.context, incidents: &incidents) == nil)
        #expect(incidents.drain().isEmpty)

        // 200 vague orders from new accounts within two minutes.
        for k in 0..<200 {
            let t = Self.start + Int64(k) * 600
            Self.order(&shop, at: t, vague: true, newBuyer: true, id: k)
            burst.observe(
                OrderFacts(
                    orderID: "o\(k)", buyerID: "b\(k)", timestamp: t, vague: true, newBuyer: true, mismatched: false),
                &state, layout: (30_000, 31))
        }
        let tick = Self.start + 2 * Self.minute + 30_000
        let change = burst.evaluate(&state, shop, at: tick, context: Self.context, incidents: &incidents)
        guard case .opened(let windowStart, let orders, _, _) = change else {
            Issue.record("expected the burst to open, got \(String(describing: change))")
            return
        }
        // The shortest window that holds opens it, with that window's orders.
        #expect(orders >= Self.rules.orderBurst.minOrders && orders <= 200)
        #expect(windowStart <= tick - Self.rules.orderBurst.windows.min()!)
        let opened = incidents.drain()
        #expect(opened.map(\.status) == [.open])
        let alert = try #require(opened.first)
        #expect(alert.rule == RuleName.orderBurst && alert.subject.id == "shop-a")
        #expect(alert.severity == .high, "vague first-time buyers far above the shop's normal: \(alert.summary)")
        #expect(alert.metric("orders") == Double(orders))
        #expect(alert.summary.contains("likely reverse brushing"))
        #expect(state.open != nil && burst.isWatching(state))

        // Orders stop. The condition holds while the burst is inside the longest window; the incident resolves
        // once it has then been quiet for resolve_after.
        let longest = Self.rules.orderBurst.windows.max()!
        var time = tick
        var closed = false
        while time < tick + longest + Self.rules.orderBurst.resolveAfter + 2 * Self.minute {
            time += Self.rules.engine.pane
            shop.roll(to: time)
            if case .closed = burst.evaluate(&state, shop, at: time, context: Self.context, incidents: &incidents) {
                closed = true
                break
            }
        }
        #expect(closed)
        #expect(time - tick >= Self.rules.orderBurst.resolveAfter + longest - 3 * Self.minute)
        let resolved = incidents.drain()
        #expect(resolved.map(\.status) == [.resolved])
        #expect(resolved.first?.alertID == alert.alertID)
        #expect(state.open == nil && !burst.isWatching(state))
    }

    @Test("order_burst: a burst of ordinary orders at a shop without history stays at most medium")
    func orderBurstWithoutHistoryIsCapped() throws {
        let burst = OrderBurstOperator(rules: Self.rules.orderBurst)
        var shop = ShopWindows(id: "new-shop", at: Self.start, rules: Self.rules)
        var state = OrderBurstOperator.State()
        var incidents = IncidentTracker(updateGrowth: 2)
        for k in 0..<120 { Self.order(&shop, at: Self.start + Int64(k) * 1_000, vague: true, newBuyer: true, id: k) }
        // A shop that opened after the stream began is judged at once.
        let context = ShopContext(platform: PlatformBaseline(), streamStart: Self.start - 10 * Self.hour)
        _ = burst.evaluate(&state, shop, at: Self.start + 3 * Self.minute, context: context, incidents: &incidents)
        let alert = try #require(incidents.drain().first)
        #expect(alert.severity <= Self.rules.orderBurst.noHistoryMaxSeverity)
        #expect(alert.metric("has_history") == 0)
    }

    // MARK: reverse_brushing

    @Test("reverse_brushing: a traced burst whose orders are refunded is a critical alert naming the shop")
    func reverseBrushingOnRefunds() throws {
        let reverse = ReverseBrushingOperator(rules: Self.rules.reverseBrushing)
        var state = ReverseBrushingOperator.State()
        var incidents = IncidentTracker(updateGrowth: 2)
        reverse.apply(
            .opened(start: Self.start, orders: 100, expectedOrders: 5, normalRefundShare: 0.05), at: Self.start,
            &state)
        reverse.apply(.closed, at: Self.start + 10 * Self.minute, &state)
        #expect(state.bursts.first?.end == Self.start)

        // Refunds of orders placed before the burst do not count.
        for k in 0..<50 {
            reverse.observeRefund(ofOrderAt: Self.start - 1, order: "early\(k)", buyer: "b", &state)
        }
        reverse.evaluate(&state, shopID: "shop-a", at: Self.start + Self.hour, incidents: &incidents)
        #expect(incidents.drain().isEmpty)

        // The burst's window is [start, end): end is where it last held. Reopen it as still open to count.
        state = ReverseBrushingOperator.State()
        reverse.apply(
            .opened(start: Self.start, orders: 100, expectedOrders: 5, normalRefundShare: 0.05), at: Self.start,
            &state)
        for k in 0..<99 {
            reverse.observeRefund(ofOrderAt: Self.start + Int64(k) * 1_000, order: "o\(k)", buyer: "b\(k % 7)", &state)
        }
        reverse.evaluate(&state, shopID: "shop-a", at: Self.start + Self.hour, incidents: &incidents)
        let alert = try #require(incidents.drain().first)
        #expect(alert.rule == RuleName.reverseBrushing && alert.severity == .critical)
        #expect(alert.subject.id == "shop-a")
        #expect(alert.metric("refunded_orders") == 99)
        #expect(alert.evidenceOrderIDs.count == 99 && alert.evidenceBuyerIDs.count == 7)
        #expect(alert.summary.contains("victim of reverse brushing"))

        // Past the watch, the burst and its incident are forgotten.
        reverse.apply(.closed, at: Self.start + Self.hour, &state)
        reverse.evaluate(
            &state, shopID: "shop-a", at: Self.start + 2 * Self.hour + Self.rules.reverseBrushing.watch,
            incidents: &incidents)
        #expect(state.bursts.isEmpty && !reverse.isWatching(state))
        #expect(incidents.drain().map(\.status) == [.resolved])
        #expect(incidents.incidents.isEmpty)
    }

    // MARK: refund_storm

    @Test("refund_storm: many refunds against a shop's usual rate alarm; a handful does not")
    func refundStorm() throws {
        let storm = RefundStormOperator(rules: Self.rules.refundStorm)
        let shop = Self.establishedShop()
        var state = RefundStormOperator.State(rules: Self.rules.refundStorm)
        var incidents = IncidentTracker(updateGrowth: 2)
        for k in 0..<(Self.rules.refundStorm.minRefunds - 1) {
            storm.observeRefund(at: Self.start + Int64(k) * 10_000, &state)
        }
        storm.evaluate(state, shop, at: Self.start + 30 * Self.minute, context: Self.context, incidents: &incidents)
        #expect(incidents.drain().isEmpty)

        for k in 0..<200 { storm.observeRefund(at: Self.start + 30 * Self.minute + Int64(k) * 1_000, &state) }
        storm.evaluate(state, shop, at: Self.start + 40 * Self.minute, context: Self.context, incidents: &incidents)
        let alert = try #require(incidents.drain().first)
        #expect(alert.rule == RuleName.refundStorm)
        #expect(alert.metric("refunds") == Double(200 + Self.rules.refundStorm.minRefunds - 1))
        #expect(storm.isWatching(shopID: "shop-a", incidents: incidents))
    }

    // MARK: review_bombing and retaliation

    @Test("review_bombing: new accounts alarm; old buyers only by volume, not at a shop that usually gets as many")
    func reviewBombing() throws {
        let bombing = ReviewBombingOperator(rules: Self.rules.reviewBombing)
        for (suspicious, busyShop) in [(true, false), (false, false), (false, true)] {
            // A busy shop has had ten negative reviews an hour for two days.
            var state = ReviewBombingOperator.State(at: Self.start - (busyShop ? 48 * 60 : 0) * Self.minute)
            if busyShop {
                for k in 0..<(48 * 10) {
                    bombing.observe(
                        NegativeReview(
                            time: Self.start - 48 * 60 * Self.minute + Int64(k) * 6 * Self.minute, order: "old\(k)",
                            buyer: "old\(k)", isNew: false, isLinked: false), &state)
                }
            }
            var incidents = IncidentTracker(updateGrowth: 2)
            for k in 0..<30 {
                bombing.observe(
                    NegativeReview(
                        time: Self.start + Int64(k) * Self.minute, order: "o\(k)", buyer: "b\(k)", isNew: suspicious,
                        isLinked: false), &state)
            }
            state.roll(to: Self.start + 31 * Self.minute)
            bombing.evaluate(&state, shopID: "shop-a", at: Self.start + 31 * Self.minute, incidents: &incidents)
            let alerts = incidents.drain()
            switch (suspicious, busyShop) {
            case (true, _):
                let alert = try #require(alerts.first)
                #expect(alert.rule == RuleName.reviewBombing && alert.metric("new_accounts") == 30)
                #expect(alert.evidenceOrderIDs.count == 30 && state.open)
            case (false, false):
                // Thirty in half an hour at a shop that never gets any: too many, whoever wrote them.
                let alert = try #require(alerts.first)
                #expect(alert.severity == .medium && alert.metric("suspicious_share") == 0)
                #expect(alert.summary.contains("ordinary histories"))
            case (false, true):
                #expect(alerts.isEmpty && !state.open, "\(alerts.map(\.summary))")
            }
        }
    }

    @Test("retaliation: harassment complaints soon after the complainants' own negative reviews, once per buyer")
    func retaliation() throws {
        let retaliation = RetaliationOperator(rules: Self.rules.retaliation)
        var state = RetaliationOperator.State()
        var incidents = IncidentTracker(updateGrowth: 2)
        let within = Self.rules.retaliation.within
        for k in 0..<3 { retaliation.observeReview(by: UInt64(k), at: Self.start, &state) }
        // A complaint long after the review, and one by a buyer who never reviewed, are not retaliation.
        retaliation.observeReview(by: 9, at: Self.start - within - Self.hour, &state)
        #expect(!retaliation.observeHarassment(by: ("b9", 9), order: "o9", at: Self.start, &state))
        #expect(!retaliation.observeHarassment(by: ("b7", 7), order: "o7", at: Self.start, &state))
        for k in 0..<3 {
            #expect(
                retaliation.observeHarassment(
                    by: ("b\(k)", UInt64(k)), order: "o\(k)", at: Self.start + Int64(k + 1) * Self.hour, &state))
        }
        #expect(!retaliation.observeHarassment(by: ("b0", 0), order: "o0", at: Self.start + 5 * Self.hour, &state))

        // Only fresh evidence opens an incident.
        retaliation.evaluate(
            &state, shopID: "shop-a", at: Self.start + 6 * Self.hour, fresh: false, incidents: &incidents)
        #expect(incidents.drain().isEmpty)
        retaliation.evaluate(
            &state, shopID: "shop-a", at: Self.start + 6 * Self.hour, fresh: true, incidents: &incidents)
        let alert = try #require(incidents.drain().first)
        #expect(alert.rule == RuleName.retaliation && alert.metric("reviewers_complaining") == 3)
        #expect(alert.metric("median_delay_minutes") == 120)
        #expect(state.open)
    }

    // MARK: identity side

    @Test("fingerprint_ring: one phone behind accounts that hit many shops is one ring incident")
    func fingerprintRingFromObservations() throws {
        let identity = IdentityOperators(rules: Self.rules, fingerprinter: .development)
        var rings = RingState()
        var incidents = IncidentTracker(updateGrowth: 2)
        let phone: UInt64 = 0xABCD
        var n = 0
        for account in 0..<4 {
            for shop in 0..<4 {
                n += 1
                let t = Self.start + Int64(n) * Self.minute
                let citation = RingCitation(
                    order: "o\(n)", buyer: "b\(account)", orderKey: UInt64(n), buyerKey: UInt64(100 + account), time: t,
                    hit: true)
                identity.observe(
                    .order(
                        .init(
                            time: t, event: UInt64(2 * n), account: UInt64(100 + account), buyerID: "b\(account)",
                            phone: phone,
                            phoneDisplay: "138****0000", door: 0, doorDisplay: "")), &rings)
                identity.observe(
                    .hit(
                        .init(
                            time: t + Self.hour, event: UInt64(2 * n + 1), account: UInt64(100 + account), phone: phone,
                            door: nil,
                            shop: UInt64(account * 4 + shop), firstHit: true, extortion: false, citation: citation)),
                    &rings)
            }
        }
        identity.evaluate(at: Self.start + 3 * Self.hour, &rings, platformRefundShare: 0.05, incidents: &incidents)
        let alerts = incidents.drain()
        #expect(alerts.count == 1)
        let alert = try #require(alerts.first)
        #expect(alert.rule == RuleName.fingerprintRing && alert.subject.kind == .phone)
        #expect(alert.subject.display == "138****0000")
        #expect(alert.metric("linked_accounts") == 4 && alert.metric("shops_hit") == 16)
        #expect(alert.evidenceBuyerIDs.sorted() == ["b0", "b1", "b2", "b3"])
        #expect(rings.groups.count == 1)
    }

    // MARK: incidents

    @Test("The incident tracker opens once, updates on growth or escalation only, and resolves after quiet")
    func incidentTracker() {
        var tracker = IncidentTracker(updateGrowth: 2)
        let key = IncidentKey(rule: "test_rule", subject: "s")
        func finding(holds: Bool, count: Int, severity: Severity = .medium) -> Finding<Int> {
            Finding(
                key: key, subject: AlertSubject(kind: .shop, id: "s"), holds: holds, windowStart: 0, count: count,
                severity: severity, resolveAfter: 100, figures: count)
        }
        func alert(_ count: Int, _ incident: Incident, _ status: AlertStatus) -> Alert {
            Alert(
                alertID: incident.alertID, rule: "test_rule", severity: incident.severity, status: status,
                subject: incident.subject, windowStart: incident.windowStart, windowEnd: incident.windowEnd,
                eventTime: incident.windowEnd, metrics: [AlertMetric("count", count)], evidenceOrderIDs: [],
                evidenceBuyerIDs: [], summary: "\(count)")
        }
        var open: [Bool] = []
        open.append(tracker.drive(finding(holds: false, count: 5), at: 10, alert: alert))
        open.append(tracker.drive(finding(holds: true, count: 10), at: 20, alert: alert))
        open.append(tracker.drive(finding(holds: true, count: 15), at: 30, alert: alert))
        open.append(tracker.drive(finding(holds: true, count: 20), at: 40, alert: alert))
        open.append(tracker.drive(finding(holds: true, count: 21, severity: .high), at: 50, alert: alert))
        open.append(tracker.drive(finding(holds: false, count: 0), at: 140, alert: alert))
        open.append(tracker.drive(finding(holds: false, count: 0), at: 160, alert: alert))
        // Quiet at 140 is 90 after the last hold: still open; at 160, 110 ≥ resolve_after: resolved.
        #expect(open == [false, true, true, true, true, true, false])
        let alerts = tracker.drain()
        #expect(alerts.map(\.status) == [.open, .update, .update, .resolved])
        #expect(alerts.map(\.summary) == ["10", "20", "21", "0"])
        #expect(Set(alerts.map(\.alertID)).count == 1)
        #expect(alerts.last?.windowEnd == 50, "a resolving alert's window ends where the condition last held")
        #expect(tracker.openCount == 0)
    }
}
