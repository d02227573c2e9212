/// `refund_storm`: a shop's refunds in a window far above what its recent orders and usual refund share
/// explain, with a minimum count. Honest surges of orders raise the expectation with them.
///
/// Owns each shop's refunds in five-minute panes over its window; fed every refund, evaluated at pane boundaries.
struct RefundStormOperator: Sendable {
    let rules: Rules.RefundStorm

    static let pane: Int64 = 300_000

    /// What the rule keeps per shop: refunds in five-minute panes over the window.
    struct State: Sendable {
        var refunds: PaneRing<Int>

        init(rules: Rules.RefundStorm) {
            refunds = PaneRing(
                paneMillis: RefundStormOperator.pane,
                capacity: Int((rules.window + RefundStormOperator.pane - 1) / RefundStormOperator.pane) + 1)
        }

        init(refunds: PaneRing<Int>) {
            self.refunds = refunds
        }
    }

    /// The figures a `refund_storm` alert reports (see `RefundStormOperator+Alert.swift`).
    struct Figures: Sendable {
        var shopID: String
        var time: Int64
        var window: Int64
        var refunds: Int
        var expected: Double
        var ratio: Double
        var normalShare: Double
    }

    func key(_ shopID: String) -> IncidentKey {
        IncidentKey(rule: RuleName.refundStorm, subject: shopID)
    }

    func observeRefund(at time: Int64, _ state: inout State) {
        state.refunds.update(at: time) { $0 += 1 }
    }

    func isWatching(shopID: String, incidents: IncidentTracker) -> Bool {
        incidents.isOpen(key(shopID))
    }

    func evaluate(
        _ state: State, _ shop: ShopWindows, at time: Int64, context: ShopContext, incidents: inout IncidentTracker
    ) {
        let refunds = state.refunds.sum(from: time - rules.window, to: time)
        let key = key(shop.id)
        // The common case, decided first: too few refunds and nothing open.
        guard refunds >= rules.minRefunds || incidents.isOpen(key) else { return }
        let base = shop.shares(context.platform)
        let hours = Double(rules.window) / 3_600_000
        let orderLevel = max(shop.baseline.fastLevel, shop.baseline.slowLevel, shop.baseline.level)
        let expected = max(base.refunded * orderLevel, shop.baseline.refundsPerHour) * hours
        let ratio = Double(refunds) / max(expected, 0.5)
        let finding = Finding(
            key: key, subject: AlertSubject(kind: .shop, id: shop.id),
            holds: refunds >= rules.minRefunds && ratio >= rules.minRatio, windowStart: time - rules.window,
            count: refunds,
            severity: ratio >= 4 * rules.minRatio && refunds >= 4 * rules.minRefunds ? .high : .medium,
            resolveAfter: rules.resolveAfter,
            figures: Figures(
                shopID: shop.id, time: time, window: rules.window, refunds: refunds, expected: expected, ratio: ratio,
                normalShare: base.refunded))
        incidents.drive(finding, at: time, alert: Self.alert)
    }
}
