/// `order_burst`: a shop's short-window order rate far above its own baseline for that hour of day, with a
/// minimum size; severity rises with attack indicators (vague addresses, first-time buyers, mismatched
/// receivers) judged against the shop's own normal traffic.
///
/// Fed each order (and each refund of an order), evaluated at pane boundaries; owns the burst open at each
/// shop. Tells `reverse_brushing` when a burst opens, grows and closes, so that it can trace the burst's refunds.
struct OrderBurstOperator: Sendable {
    let rules: Rules.OrderBurst

    /// What the rule keeps per shop: the burst open now, if any.
    struct State: Sendable {
        var open: OpenBurst?
    }

    /// What became of a shop's burst at a tick.
    enum Change: Sendable {
        case opened(start: Int64, orders: Int, expectedOrders: Double, normalRefundShare: Double)
        /// The condition held again: the burst's size and what normal traffic would have placed in it so far.
        case held(orders: Int, expectedOrders: Double)
        /// The incident resolved: the burst ends where the condition last held.
        case closed
    }

    /// The figures an `order_burst` alert reports (see `OrderBurstOperator+Alert.swift`).
    struct Figures: Sendable {
        var shopID: String
        var time: Int64
        var counts: OpenBurst.Counts
        var distinct: OpenBurst.Distinct
        var vague: Indicator
        var fresh: Indicator
        var mismatch: Indicator
        var hasHistory: Bool
        var expectedOrders: Double
        var ratio: Double
        var refunded: Int
        var score: Double
        var evidenceOrders: [String]
        var evidenceBuyers: [String]
        /// The orders above the shop's usual rate, judged as a cohort, when they made the burst louder than its
        /// shares did.
        var excess: Cohort? = nil
        /// The item whose own orders made the burst louder than the shop's did.
        var item: Cohort? = nil
    }

    /// A part of a burst judged on its own: the orders above the usual rate, or one item's orders.
    struct Cohort: Sendable {
        var id: String = ""
        var orders: Int
        var window: Int64 = 0
        var vague: Indicator
        var fresh: Indicator
        var mismatch: Indicator
    }

    /// How loud a burst is, from how far its orders depart from the shop's normal on each indicator (`excess`,
    /// 0–1). Any strong indicator makes it `medium`; `high` needs evidence about the receivers — vague addresses
    /// or receivers that do not belong to the ordering account — strong on its own, or alongside another strong
    /// indicator. First-time buyers alone never make it `high`: a livestream or a viral post brings hundreds of
    /// new accounts, each shipping to its own home, and that is a sale, not an attack.
    func severity(vague: Double, fresh: Double, mismatch: Double, orders: Int) -> Severity {
        let strong = [vague, fresh, mismatch].filter { $0 >= rules.strongIndicator }.count
        let receivers = max(vague, mismatch)
        if receivers >= rules.strongIndicator && (strong >= 2 || receivers >= 0.7) { return .high }
        if orders >= rules.mediumOrders || strong >= 1 { return .medium }
        return .low
    }

    /// Where a burst condition holds: the window's start, what the shop's normal traffic would have placed in it,
    /// how far above that it runs, and what it counted.
    struct Trigger {
        var start: Int64
        var expected: Double
        var ratio: Double
        var counts: OpenBurst.Counts
    }

    /// Where long windows may begin: after the hour in which the shop's last burst closed, whose orders that burst
    /// already reported.
    static func longWindowFloor(_ shop: ShopWindows) -> Int64 {
        guard let closed = shop.lastBurstClosed else { return .min }
        return (closed / 3_600_000 + 1) * 3_600_000
    }

    /// A long window of `length` ending at `time`, from the shop's closed hours and the hour so far: the orders and
    /// attack indicators it counted, and what the baseline expected of it. An hour the window covers only in part
    /// counts in proportion. The window never reaches back into the hour of the shop's last burst.
    static func longWindow(_ length: Int64, at time: Int64, _ shop: ShopWindows) -> (OpenBurst.Counts, Double) {
        let start = max(time - length, longWindowFloor(shop))
        let now = time / 3_600_000
        var orders = 0.0
        var vague = 0.0
        var newBuyers = 0.0
        var mismatched = 0.0
        var expected = 0.0
        func add(hour: Int64, _ counts: ClosedHour, expectedPerHour: Double) {
            let hourStart = hour * 3_600_000
            let covered = min(hourStart + 3_600_000, time) - max(hourStart, start)
            guard covered > 0 else { return }
            // The hour so far lies wholly inside the window; an older hour is assumed even through its length.
            let weight = hour == now ? 1 : Double(covered) / 3_600_000
            orders += weight * Double(counts.orders)
            vague += weight * Double(counts.vague)
            newBuyers += weight * Double(counts.newBuyers)
            mismatched += weight * Double(counts.mismatched)
            expected += expectedPerHour * Double(covered) / 3_600_000
        }
        // Closed hours all precede the hour being counted.
        let tally = shop.tally
        for closed in shop.closedHours.hours where closed.hour >= start / 3_600_000 {
            add(hour: closed.hour, closed, expectedPerHour: closed.expected)
        }
        // The hour being counted, and any hours since it that no event has closed yet.
        var hour = max(start / 3_600_000, min(tally.hour, now))
        while hour <= now {
            var counts = ClosedHour(hour: hour)
            if hour == tally.hour {
                counts.orders = Int32(clamping: tally.orders)
                counts.vague = Int32(clamping: tally.vague)
                counts.newBuyers = Int32(clamping: tally.newBuyers)
                counts.mismatched = Int32(clamping: tally.mismatched)
            }
            add(hour: hour, counts, expectedPerHour: shop.baseline.expectedOrdersPerHour(at: hour * 3_600_000))
            hour += 1
        }
        return (
            OpenBurst.Counts(
                orders: Int(orders.rounded()), vague: Int(vague.rounded()), newBuyers: Int(newBuyers.rounded()),
                mismatched: Int(mismatched.rounded())),
            expected
        )
    }

    func severity(_ cohort: Cohort, orders: Int) -> Severity {
        severity(
            vague: cohort.vague.excess, fresh: cohort.fresh.excess, mismatch: cohort.mismatch.excess, orders: orders)
    }

    // MARK: Events

    /// Counts an order into the open burst, if any, and into its item's own window; `layout` is the shop's panes
    /// (pane length and count), which the items' windows share.
    func observe(_ order: OrderFacts, _ state: inout State, layout: (paneMillis: Int64, capacity: Int)) {
        guard state.open != nil else { return }
        state.open!.orders += 1
        if order.vague { state.open!.vague += 1 }
        if order.newBuyer { state.open!.newBuyers += 1 }
        if order.mismatched { state.open!.mismatched += 1 }
        state.open!.cite(order: order.orderID, buyer: order.buyerID)
        if let item = order.itemID { state.open!.count(order, item: item, layout: layout) }
    }

    /// The first refund of an order placed at `orderTime`.
    func observeRefund(ofOrderAt orderTime: Int64, _ state: inout State) {
        guard let open = state.open, orderTime >= open.start else { return }
        state.open!.refunded += 1
    }

    // MARK: Ticks

    /// Whether the shop needs evaluating at every tick, events or not.
    func isWatching(_ state: State) -> Bool { state.open != nil }

    /// Evaluates the shop at pane boundary `time`.
    func evaluate(
        _ state: inout State, _ shop: ShopWindows, at time: Int64, context: ShopContext,
        incidents: inout IncidentTracker
    ) -> Change? {
        // No burst open and too few orders in the longest window for any window to trigger: nothing to do (the
        // common case).
        if state.open == nil,
            Int(shop.panes.sum(from: time - (rules.windows.max() ?? 0), to: time).orders) < rules.minOrders,
            shop.closedHours.hours.reduce(shop.tally.orders, { $0 + Int($1.orders) }) < rules.longMinExcess
        {
            return nil
        }
        let hasHistory = shop.hasHistory(at: time, minimum: rules.minHistory)
        // Without a day of history, a shop is compared with its own rate so far; a shop that was already
        // trading when the stream began is given an hour to show that rate before it can alarm.
        var perHour = 0.0
        var canOpen = true
        if hasHistory {
            perHour = shop.baseline.expectedOrdersPerHour(at: time)
        } else if shop.baseline.hoursClosed >= 1 && time - shop.firstSeen >= 3_600_000 {
            perHour = shop.baseline.level
        } else if shop.firstSeen - (context.streamStart ?? shop.firstSeen) < rules.warmup {
            canOpen = false
        }

        // The shortest window in which the burst condition holds (early warning), else none.
        var trigger: Trigger?
        for window in rules.windows where canOpen || state.open != nil {
            let pane = shop.panes.sum(from: time - window, to: time)
            let orders = Int(pane.orders)
            let expected = perHour * Double(window) / 3_600_000
            let ratio = Double(orders) / max(expected, 0.5)
            if orders >= rules.minOrders && ratio >= rules.minRatio {
                trigger = Trigger(
                    start: time - window, expected: expected, ratio: ratio, counts: OpenBurst.Counts(pane))
                break
            }
        }
        // Else the shortest long window in which the shop runs well above its time-of-day baseline: a slow drip.
        var slow = false
        let surge = context.platform.surge(at: time)
        if trigger == nil, hasHistory, (canOpen && state.open == nil) || state.open?.slow == true {
            for window in rules.longWindows {
                let (counts, normal) = Self.longWindow(window, at: time, shop)
                let expected = normal * surge
                let ratio = Double(counts.orders) / max(expected, 1)
                if counts.orders >= rules.minOrders, Double(counts.orders) - expected >= Double(rules.longMinExcess),
                    ratio >= rules.longMinRatio
                {
                    trigger = Trigger(
                        start: max(time - window, Self.longWindowFloor(shop)), expected: expected, ratio: ratio,
                        counts: counts)
                    slow = true
                    break
                }
            }
        }

        let base = shop.shares(context.platform)
        var change: Change?
        if let trigger, state.open == nil {
            // Open: seed the burst with the triggering window's counts and the orders just seen.
            var burst = OpenBurst(key: IncidentKey(rule: RuleName.orderBurst, subject: shop.id))
            burst.start = trigger.start
            burst.orders = trigger.counts.orders
            burst.vague = trigger.counts.vague
            burst.newBuyers = trigger.counts.newBuyers
            burst.mismatched = trigger.counts.mismatched
            burst.expectedOrders = trigger.expected
            burst.slow = slow
            for recent in shop.recentInOrder.suffix(min(trigger.counts.orders, ShopWindows.recentCapacity)) {
                burst.cite(order: recent.order, buyer: recent.buyer)
            }
            state.open = burst
            change = .opened(
                start: burst.start, orders: burst.orders, expectedOrders: trigger.expected,
                normalRefundShare: base.refunded)
        }
        guard var burst = state.open else { return change }

        let counts = trigger != nil ? burst.current : burst.held
        let shares = Cohort(counts, base: base)
        let (vague, fresh, mismatch) = (shares.vague, shares.fresh, shares.mismatch)
        let excesses = [vague.excess, fresh.excess, mismatch.excess]
        // A slow burst's size is hours of orders: only its indicators make it louder.
        var severity = severity(
            vague: vague.excess, fresh: fresh.excess, mismatch: mismatch.excess, orders: burst.slow ? 0 : counts.orders)
        // The orders above the usual rate, judged on their own: a slow attack shares its window with the shop's
        // ordinary orders, which dilute its shares but not its excess.
        var excessCohort: Cohort?
        // What normal traffic would have placed in the burst so far, as of the last tick its condition held. A slow
        // burst spans hours of different rates: what each of them expected (as far back as the shop's closed hours
        // reach), on the platform's surge.
        let normal =
            trigger == nil
            ? burst.expectedOrders
            : burst.slow
                ? Self.longWindow(time - burst.start, at: time, shop).1 * surge
                : perHour * Double(time - burst.start) / 3_600_000
        if Double(counts.orders) - normal >= Double(rules.minOrders) {
            let extra = Double(counts.orders) - normal
            func cohortShare(_ count: Int, _ baseline: Double) -> Indicator {
                Indicator(share: min(1, max(0, (Double(count) - baseline * normal) / extra)), baseline: baseline)
            }
            let cohort = Cohort(
                orders: Int(extra.rounded()), vague: cohortShare(counts.vague, base.vague),
                fresh: cohortShare(counts.newBuyers, base.newBuyers),
                mismatch: cohortShare(counts.mismatched, base.mismatched))
            let louder = self.severity(cohort, orders: burst.slow ? 0 : counts.orders)
            if louder > severity {
                severity = louder
                excessCohort = cohort
            }
        }
        // Each item's own orders: fake orders for one cheap item inside an honest promotion stand out there.
        var itemCohort: Cohort?
        let itemWindow = rules.windows.max() ?? 0
        for item in burst.items {
            let pane = item.panes.sum(from: time - itemWindow, to: time)
            guard Int(pane.orders) >= rules.minOrders else { continue }
            let cohort = Cohort(OpenBurst.Counts(pane), base: base, id: item.id, window: itemWindow)
            let louder = self.severity(cohort, orders: 0)
            if louder > severity || (louder == severity && itemCohort != nil && cohort.orders > itemCohort!.orders) {
                severity = louder
                itemCohort = cohort
            }
        }
        if !hasHistory { severity = min(severity, rules.noHistoryMaxSeverity) }

        if let trigger {
            burst.peakRatio = max(burst.peakRatio, trigger.ratio)
            burst.held = burst.current
            burst.expectedOrders = normal
            if change == nil { change = .held(orders: burst.orders, expectedOrders: burst.expectedOrders) }
            // Distinct receivers over the burst so far, or over the span the shop's distinct counters keep.
            let kept = Int64(shop.buyers.ring.capacity - 1) * shop.buyers.ring.paneMillis
            let span = min(max(time - burst.start, rules.windows.max() ?? 0), kept)
            burst.heldDistinct = OpenBurst.Distinct(
                buyers: shop.buyers.distinct(from: time - span, to: time),
                phones: shop.phones.distinct(from: time - span, to: time),
                addresses: shop.addresses.distinct(from: time - span, to: time), span: span)
        }
        state.open = burst

        let finding = Finding(
            key: burst.key, subject: AlertSubject(kind: .shop, id: shop.id), holds: trigger != nil,
            windowStart: burst.start, count: counts.orders, severity: severity, resolveAfter: rules.resolveAfter,
            figures: Figures(
                shopID: shop.id, time: time, counts: counts, distinct: burst.heldDistinct, vague: vague, fresh: fresh,
                mismatch: mismatch, hasHistory: hasHistory, expectedOrders: burst.expectedOrders,
                ratio: trigger?.ratio ?? burst.peakRatio, refunded: burst.refunded,
                score: (excesses.reduce(0, +) / 3 * 100).rounded() / 100, evidenceOrders: burst.evidenceOrders,
                evidenceBuyers: burst.evidenceBuyers, excess: excessCohort, item: itemCohort))
        if !incidents.drive(finding, at: time, alert: Self.alert) {
            // Resolved: the burst's window is closed; `reverse_brushing` still traces its refunds.
            state.open = nil
            return .closed
        }
        return change
    }
}

/// An open order burst: what it has gathered since its window began.
extension OrderBurstOperator.Cohort {
    /// The cohort of `counts`, each trait's share of its orders against the shop's normal share.
    init(_ counts: OpenBurst.Counts, base: IndicatorShares, id: String = "", window: Int64 = 0) {
        let orders = Double(max(counts.orders, 1))
        self.init(
            id: id, orders: counts.orders, window: window,
            vague: Indicator(share: Double(counts.vague) / orders, baseline: base.vague),
            fresh: Indicator(share: Double(counts.newBuyers) / orders, baseline: base.newBuyers),
            mismatch: Indicator(share: Double(counts.mismatched) / orders, baseline: base.mismatched))
    }
}

struct OpenBurst: Sendable {
    var key: IncidentKey
    /// Where the burst's window begins: the start of the window that opened it.
    var start: Int64 = 0
    var orders = 0
    var vague = 0
    var newBuyers = 0
    var mismatched = 0
    /// Orders the shop's normal traffic would have placed since `start`, as of the last tick the condition held.
    var expectedOrders = 0.0
    /// Orders of the burst refunded so far.
    var refunded = 0
    var evidenceOrders: [String] = []
    var evidenceBuyers: [String] = []
    var peakRatio = 0.0
    /// Found by a long window: a slow burst, which the long windows may keep holding.
    var slow = false
    /// Each item's own orders since the burst opened (at most `itemLimit` items).
    var items: [ItemCohort] = []
    /// The counts as they stood when the burst condition last held: what its alerts report.
    var held = Counts()
    /// Distinct receivers over the burst's window when the condition last held (the window's start may since have
    /// left the shop's distinct counters).
    var heldDistinct = Distinct()

    struct Distinct: Sendable {
        var buyers = 0
        var phones = 0
        var addresses = 0
        /// The window the counts cover, ending when the condition last held: the whole burst, or the span the
        /// shop's distinct counters keep if the burst is longer.
        var span: Int64 = 0
    }

    struct Counts: Sendable {
        var orders = 0
        var vague = 0
        var newBuyers = 0
        var mismatched = 0
    }

    var current: Counts { Counts(orders: orders, vague: vague, newBuyers: newBuyers, mismatched: mismatched) }

    static let evidenceLimit = 100
    static let itemLimit = 32

    mutating func count(_ order: OrderFacts, item: String, layout: (paneMillis: Int64, capacity: Int)) {
        var index = items.firstIndex { $0.id == item }
        if index == nil, items.count < Self.itemLimit {
            items.append(
                ItemCohort(id: item, panes: PaneRing(paneMillis: layout.paneMillis, capacity: layout.capacity)))
            index = items.count - 1
        }
        guard let index else { return }
        _ = items[index].panes.update(at: order.timestamp) { pane in
            pane.orders += 1
            if order.vague { pane.vagueOrders += 1 }
            if order.newBuyer { pane.newBuyerOrders += 1 }
            if order.mismatched { pane.mismatchedOrders += 1 }
        }
    }

    mutating func cite(order: String, buyer: String) {
        if evidenceOrders.count < Self.evidenceLimit { evidenceOrders.append(order) }
        if evidenceBuyers.count < Self.evidenceLimit, !evidenceBuyers.contains(buyer) { evidenceBuyers.append(buyer) }
    }
}

/// How far a burst's share of some trait rises above the shop's normal share, from 0 (normal) to 1.
struct Indicator: Sendable {
    var share: Double
    var baseline: Double

    var excess: Double {
        guard share > baseline else { return 0 }
        return min(1, (share - baseline) / max(1 - baseline, 0.05))
    }
}

/// One item's orders during an open burst, over the shop's short windows.
struct ItemCohort: Sendable {
    var id: String
    var panes: PaneRing<ShopPane>
}

extension OpenBurst.Counts {
    init(_ pane: ShopPane) {
        self.init(
            orders: Int(pane.orders), vague: Int(pane.vagueOrders), newBuyers: Int(pane.newBuyerOrders),
            mismatched: Int(pane.mismatchedOrders))
    }
}
