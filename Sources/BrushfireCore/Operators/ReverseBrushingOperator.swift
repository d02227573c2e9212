/// `reverse_brushing`: an order burst whose orders are then refunded. The share is taken over the burst's excess
/// orders (what normal traffic would not have placed), net of the refunds normal traffic would claim.
///
/// Owns the bursts it traces at each shop, which `order_burst` opens, grows and closes; fed the first refund of
/// each order; a burst is traced for `reverse_brushing.watch` after it closed.
struct ReverseBrushingOperator: Sendable {
    let rules: Rules.ReverseBrushing

    /// What the rule keeps per shop: the bursts whose refunds are still traced (the open one included).
    struct State: Sendable {
        var bursts: [BurstRecord] = []
    }

    /// The figures a `reverse_brushing` alert reports (see `ReverseBrushingOperator+Alert.swift`).
    struct Figures: Sendable {
        var shopID: String
        var time: Int64
        var record: BurstRecord
        /// Where the burst ends: where its condition last held.
        var end: Int64
        var rawShare: Double
        var share: Double
    }

    // MARK: Events

    /// `order_burst`'s news about the shop's burst.
    func apply(_ change: OrderBurstOperator.Change, at time: Int64, _ state: inout State) {
        switch change {
        case .opened(let start, let orders, let expected, let normalRefundShare):
            state.bursts.append(
                BurstRecord(
                    start: start, end: nil, lastHeld: time, orders: orders, expectedOrders: expected,
                    normalRefundShare: normalRefundShare))
        case .held(let orders, let expected):
            guard var record = state.bursts.last, record.end == nil else { return }
            record.orders = orders
            record.lastHeld = time
            record.expectedOrders = expected
            state.bursts[state.bursts.count - 1] = record
        case .closed:
            guard var last = state.bursts.last, last.end == nil else { return }
            last.end = last.lastHeld
            state.bursts[state.bursts.count - 1] = last
        }
    }

    /// The first refund of an order placed at `orderTime`: counted against every traced burst it fell in.
    func observeRefund(ofOrderAt orderTime: Int64, order: String, buyer: String, _ state: inout State) {
        for i in state.bursts.indices where state.bursts[i].contains(orderTime) {
            state.bursts[i].refunded += 1
            state.bursts[i].refundedSinceEvaluation = true
            if state.bursts[i].evidenceOrders.count < OpenBurst.evidenceLimit {
                state.bursts[i].evidenceOrders.append(order)
            }
            if state.bursts[i].evidenceBuyers.count < OpenBurst.evidenceLimit,
                !state.bursts[i].evidenceBuyers.contains(buyer)
            {
                state.bursts[i].evidenceBuyers.append(buyer)
            }
        }
    }

    // MARK: Ticks

    func isWatching(_ state: State) -> Bool { !state.bursts.isEmpty }

    func evaluate(_ state: inout State, shopID: String, at time: Int64, incidents: inout IncidentTracker) {
        var i = 0
        while i < state.bursts.count {
            var record = state.bursts[i]
            let key = IncidentKey(rule: RuleName.reverseBrushing, subject: "\(shopID)@\(record.start)")
            let excessOrders = max(Double(record.orders) - record.expectedOrders, 1)
            let normalRefunds = record.expectedOrders * record.normalRefundShare
            let share = min(1, max(0, (Double(record.refunded) - normalRefunds) / excessOrders))
            let rawShare = Double(record.refunded) / Double(max(record.orders, 1))
            let holds = record.refunded >= rules.minRefunds && share >= rules.minRefundShare
            let expired = record.end.map { time - $0 >= rules.watch } ?? false
            if holds || incidents.holds(key) {
                let finding = Finding(
                    key: key, subject: AlertSubject(kind: .shop, id: shopID), holds: !expired && holds,
                    windowStart: record.start, count: record.refunded, severity: .critical,
                    resolveAfter: expired ? 0 : Int64.max,
                    figures: Figures(
                        shopID: shopID, time: time, record: record, end: record.end ?? record.lastHeld,
                        rawShare: rawShare, share: share))
                incidents.drive(finding, at: time, alert: Self.alert)
                record.reverseKey = key
            }
            record.refundedSinceEvaluation = false
            if expired {
                incidents.forget(key)
                state.bursts.remove(at: i)
                continue
            }
            state.bursts[i] = record
            i += 1
        }
    }
}

/// A burst whose orders are watched for refunds: the reverse-brushing arithmetic.
struct BurstRecord: Sendable {
    var start: Int64
    /// The last pane boundary at which the burst condition held; `nil` while still open.
    var end: Int64?
    var lastHeld: Int64
    var orders: Int
    /// Orders the shop's normal traffic would have placed in the same window.
    var expectedOrders: Double
    var normalRefundShare: Double
    var refunded = 0
    var refundedSinceEvaluation = false
    var evidenceOrders: [String] = []
    var evidenceBuyers: [String] = []
    var reverseKey: IncidentKey?

    func contains(_ timestamp: Int64) -> Bool {
        timestamp >= start && timestamp < (end ?? Int64.max)
    }
}
