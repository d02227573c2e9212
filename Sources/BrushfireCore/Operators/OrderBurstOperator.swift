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
    }

    // MARK: Events

    func observe(_ order: OrderFacts, _ state: inout State) {
        guard state.open != nil else { return }
        state.open!.orders += 1
        if order.vague { state.open!.vague += 1 }
        if order.newBuyer { state.open!.newBuyers += 1 }
        if order.mismatched { state.open!.mismatched += 1 }
        state.open!.cite(order: order.orderID, buyer: order.buyerID)
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
            Int(shop.panes.sum(from: time - (rules.windows.max() ?? 0), to: time).orders) < rules.minOrders
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
        var trigger: (window: Int64, orders: Int, expected: Double, ratio: Double)?
        for window in rules.windows where canOpen || state.open != nil {
            let orders = Int(shop.panes.sum(from: time - window, to: time).orders)
            let expected = perHour * Double(window) / 3_600_000
            let ratio = Double(orders) / max(expected, 0.5)
            if orders >= rules.minOrders && ratio >= rules.minRatio {
                trigger = (window, orders, expected, ratio)
                break
            }
        }

        let base = shop.shares(context.platform)
        var change: Change?
        if let trigger, state.open == nil {
            // Open: seed the burst with the triggering window's counts and the orders just seen.
            let pane = shop.panes.sum(from: time - trigger.window, to: time)
            var burst = OpenBurst(key: IncidentKey(rule: RuleName.orderBurst, subject: shop.id))
            burst.start = time - trigger.window
            burst.orders = Int(pane.orders)
            burst.vague = Int(pane.vagueOrders)
            burst.newBuyers = Int(pane.newBuyerOrders)
            burst.mismatched = Int(pane.mismatchedOrders)
            burst.expectedOrders = trigger.expected
            for recent in shop.recentInOrder.suffix(min(Int(pane.orders), ShopWindows.recentCapacity)) {
                burst.cite(order: recent.order, buyer: recent.buyer)
            }
            state.open = burst
            change = .opened(
                start: burst.start, orders: burst.orders, expectedOrders: trigger.expected,
                normalRefundShare: base.refunded)
        }
        guard var burst = state.open else { return change }

        let counts = trigger != nil ? burst.current : burst.held
        let vague = Indicator(share: Double(counts.vague) / Double(max(counts.orders, 1)), baseline: base.vague)
        let fresh = Indicator(share: Double(counts.newBuyers) / Double(max(counts.orders, 1)), baseline: base.newBuyers)
        let mismatch = Indicator(
            share: Double(counts.mismatched) / Double(max(counts.orders, 1)), baseline: base.mismatched)
        let excesses = [vague.excess, fresh.excess, mismatch.excess]
        let strong = excesses.filter { $0 >= rules.strongIndicator }.count
        let strongest = excesses.max() ?? 0
        var severity: Severity = .low
        if counts.orders >= rules.mediumOrders || strong >= 1 { severity = .medium }
        if strong >= 2 || (strong >= 1 && strongest >= 0.7) { severity = .high }
        if !hasHistory { severity = min(severity, rules.noHistoryMaxSeverity) }

        if let trigger {
            burst.peakRatio = max(burst.peakRatio, trigger.ratio)
            burst.held = burst.current
            burst.expectedOrders = perHour * Double(time - burst.start) / 3_600_000
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
                evidenceBuyers: burst.evidenceBuyers))
        if !incidents.drive(finding, at: time, alert: Self.alert) {
            // Resolved: the burst's window is closed; `reverse_brushing` still traces its refunds.
            state.open = nil
            return .closed
        }
        return change
    }
}

/// An open order burst: what it has gathered since its window began.
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
