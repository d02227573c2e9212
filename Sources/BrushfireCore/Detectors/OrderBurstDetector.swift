/// How far a burst's share of some trait rises above the shop's normal share, from 0 (normal) to 1.
struct Indicator {
    var share: Double
    var baseline: Double

    var excess: Double {
        guard share > baseline else { return 0 }
        return min(1, (share - baseline) / max(1 - baseline, 0.05))
    }
}

extension Engine {
    /// The indicator baselines for a shop: its own shares, blended with the platform's while its history is thin.
    func baselines(_ shop: ShopState) -> (vague: Double, newBuyers: Double, mismatched: Double, refunded: Double) {
        let weight = 50.0
        let b = shop.baseline
        return (
            b.vague.blended(with: platform.vague.value ?? 0.1, priorWeight: weight),
            b.newBuyers.blended(with: platform.newBuyers.value ?? 0.3, priorWeight: weight),
            b.mismatched.blended(with: platform.mismatched.value ?? 0.05, priorWeight: weight),
            b.refunded.blended(with: platform.refunded.value ?? 0.05, priorWeight: weight)
        )
    }

    /// `order_burst`: a shop's short-window order rate far above its own baseline for that hour of day, with
    /// a minimum size; severity rises with attack indicators judged against the shop's own normal traffic.
    mutating func evaluateOrderBurst(_ shopIndex: Int32, at time: Int64) {
        let s = Int(shopIndex)
        let rules = self.rules.orderBurst
        // No burst open and too few orders in the longest window for any window to trigger: nothing to do (the
        // common case, checked before the shop's state is copied).
        if shops[s].burst == nil,
            Int(shops[s].panes.sum(from: time - (rules.windows.max() ?? 0), to: time).orders) < rules.minOrders
        {
            return
        }
        let shop = shops[s]
        let hasHistory = shop.hasHistory(at: time, minimum: rules.minHistory)
        // Without a day of history, a shop is compared with its own rate so far; a shop that was already
        // trading when the stream began is given an hour to show that rate before it can alarm.
        var perHour = 0.0
        var canOpen = true
        if hasHistory {
            perHour = shop.baseline.expectedOrdersPerHour(at: time)
        } else if shop.baseline.hoursClosed >= 1 && time - shop.firstSeen >= 3_600_000 {
            perHour = shop.baseline.level
        } else if shop.firstSeen - (streamStart ?? shop.firstSeen) < rules.warmup {
            canOpen = false
        }

        // The shortest window in which the burst condition holds (early warning), else none.
        var trigger: (window: Int64, orders: Int, expected: Double, ratio: Double)?
        for window in rules.windows where canOpen || shops[s].burst != nil {
            let orders = Int(shop.panes.sum(from: time - window, to: time).orders)
            let expected = perHour * Double(window) / 3_600_000
            let ratio = Double(orders) / max(expected, 0.5)
            if orders >= rules.minOrders && ratio >= rules.minRatio {
                trigger = (window, orders, expected, ratio)
                break
            }
        }

        let key = IncidentKey(rule: RuleName.orderBurst, subject: shop.id)
        if let trigger, shops[s].burst == nil {
            // Open: seed the burst with the triggering window's counts and the orders just seen.
            let pane = shop.panes.sum(from: time - trigger.window, to: time)
            var burst = OpenBurst(key: key)
            burst.orders = Int(pane.orders)
            burst.vague = Int(pane.vagueOrders)
            burst.newBuyers = Int(pane.newBuyerOrders)
            burst.mismatched = Int(pane.mismatchedOrders)
            for recent in shop.recentInOrder.suffix(min(Int(pane.orders), ShopState.recentCapacity)) {
                burst.cite(order: recent.order, buyer: recent.buyer)
            }
            shops[s].burst = burst
            shops[s].tally.underIncident = true
            let base = baselines(shop)
            shops[s].bursts.append(
                BurstRecord(
                    start: time - trigger.window, end: nil, lastHeld: time, orders: burst.orders,
                    expectedOrders: trigger.expected, normalRefundShare: base.refunded))
        }
        guard var burst = shops[s].burst, var record = shops[s].bursts.last, record.end == nil else {
            return
        }
        let base = baselines(shops[s])
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
            record.orders = burst.orders
            record.lastHeld = time
            record.expectedOrders = perHour * Double(time - record.start) / 3_600_000
            shops[s].bursts[shops[s].bursts.count - 1] = record
        }
        shops[s].burst = burst
        let shopID = shop.id
        let subject = AlertSubject(kind: .shop, id: shopID)
        let windowStart = record.start
        if trigger != nil {
            let kept = Int64(shops[s].buyers.ring.capacity - 1) * shops[s].buyers.ring.paneMillis
            let span = min(max(time - windowStart, rules.windows.max() ?? 0), kept)
            burst.heldDistinct = OpenBurst.Distinct(
                buyers: shops[s].buyers.distinct(from: time - span, to: time),
                phones: shops[s].phones.distinct(from: time - span, to: time),
                addresses: shops[s].addresses.distinct(from: time - span, to: time), span: span)
            shops[s].burst = burst
        }
        let distinctBuyers = burst.heldDistinct.buyers
        let distinctPhones = burst.heldDistinct.phones
        let distinctAddresses = burst.heldDistinct.addresses
        let refunded = record.refunded
        let expected = record.expectedOrders
        let ratio = trigger?.ratio ?? burst.peakRatio
        let score = (excesses.reduce(0, +) / 3 * 100).rounded() / 100

        drive(
            key, holds: trigger != nil, at: time, windowStart: windowStart, count: counts.orders, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            let span = incident.windowEnd - incident.windowStart
            let attack = incident.severity >= .high
            var summary =
                "\(shopID) received \(Say.count(counts.orders)) orders in \(Say.duration(span)), "
                + (hasHistory
                    ? "\(Say.ratio(ratio)) its usual rate, "
                    : "with no order history to compare against, ")
                + "from \(Say.count(distinctAddresses)) distinct addresses"
                + (burst.heldDistinct.span < span ? " in its last \(Say.duration(burst.heldDistinct.span))" : "")
                + " (\(Say.percent(vague.share)) vague, usually \(Say.percent(vague.baseline))), "
                + "\(Say.percent(fresh.share)) first-time buyers, \(Say.percent(mismatch.share)) mismatched receivers"
            summary +=
                attack
                ? ": likely reverse brushing against this shop — hold shipment and keep this alert for an appeal; "
                : ": attack indicators near normal (a promotion or viral item?); "
            summary += "\(Say.count(refunded)) \(refunded == 1 ? "refund" : "refunds") yet"
            return Alert(
                alertID: incident.alertID, rule: RuleName.orderBurst, severity: incident.severity, status: status,
                subject: subject, windowStart: incident.windowStart, windowEnd: incident.windowEnd, eventTime: time,
                metrics: [
                    AlertMetric("orders", counts.orders),
                    AlertMetric("expected_orders", (expected * 10).rounded() / 10),
                    AlertMetric("rate_ratio", (ratio * 10).rounded() / 10),
                    AlertMetric("distinct_buyers", distinctBuyers),
                    AlertMetric("distinct_phones", distinctPhones),
                    AlertMetric("distinct_addresses", distinctAddresses),
                    AlertMetric("vague_share", vague.share), AlertMetric("vague_baseline", vague.baseline),
                    AlertMetric("new_buyer_share", fresh.share), AlertMetric("new_buyer_baseline", fresh.baseline),
                    AlertMetric("mismatch_share", mismatch.share), AlertMetric("mismatch_baseline", mismatch.baseline),
                    AlertMetric("refunded_orders", refunded),
                    AlertMetric("has_history", hasHistory ? 1 : 0),
                    AlertMetric("score", score),
                ],
                evidenceOrderIDs: burst.evidenceOrders, evidenceBuyerIDs: burst.evidenceBuyers, summary: summary)
        }
        if incidents[key]?.isOpen != true {
            // Resolved: the burst's window is closed; its refunds are still traced.
            shops[s].burst = nil
            if var last = shops[s].bursts.last, last.end == nil {
                last.end = last.lastHeld
                shops[s].bursts[shops[s].bursts.count - 1] = last
            }
        }
    }
}
