/// One shop's row in the shop-keyed store: the windows and baseline every shop operator reads, and each shop
/// operator's own state for the shop. An operator's state type is declared, and changed, only in its operator's
/// file; the row only keeps them together, so a shop moves between partitions and checkpoints as one.
struct ShopState: Sendable {
    var windows: ShopWindows
    var orderBurst = OrderBurstOperator.State()
    var reverseBrushing = ReverseBrushingOperator.State()
    var refundStorm: RefundStormOperator.State
    /// `review_bombing`'s and `retaliation`'s state, from the shop's first negative review.
    var reviews: ShopReviews?
    /// Touched since its last evaluation.
    var dirty = false

    var id: String { windows.id }

    init(id: String, at timestamp: Int64, rules: Rules) {
        windows = ShopWindows(id: id, at: timestamp, rules: rules)
        refundStorm = RefundStormOperator.State(rules: rules.refundStorm)
    }

    init(windows: ShopWindows, rules: Rules) {
        self.windows = windows
        self.windows.closedHours.capacity = ClosedHours.capacity(for: rules.orderBurst)
        refundStorm = RefundStormOperator.State(rules: rules.refundStorm)
    }
}

/// The counts every shop operator reads: per-pane counts over the longest order-burst window, distinct buyers,
/// phones and addresses, the hour being counted and the baseline the closed hours built.
struct ShopWindows: Sendable {
    let id: String
    let firstSeen: Int64
    var lastEvent: Int64
    var panes: PaneRing<ShopPane>
    var buyers: DistinctCounter
    var phones: DistinctCounter
    var addresses: DistinctCounter
    var tally: HourTally
    var baseline = ShopBaseline()
    /// The hours closed most recently, for `order_burst`'s long windows.
    var closedHours: ClosedHours
    /// Orders and refunds per minute over the last day, for charts.
    var minutes = MinuteHistory()
    /// The last few orders, so an incident that opens can cite the orders that triggered it.
    var recentOrders: [(order: String, buyer: String)] = []
    var recentHead = 0
    /// While an order burst is open, the hours that close teach the baseline only what normal traffic explains.
    var underIncident = false
    /// When the shop's last order burst closed: the long windows never look back past it, so that a burst already
    /// reported is not found again as a slow one.
    var lastBurstClosed: Int64?

    static let recentCapacity = 32

    init(id: String, at timestamp: Int64, rules: Rules) {
        self.id = id
        self.firstSeen = timestamp
        self.lastEvent = timestamp
        let pane = rules.engine.pane
        let longest = rules.orderBurst.windows.max() ?? 900_000
        panes = PaneRing(paneMillis: pane, capacity: Int((longest + pane - 1) / pane) + 1)
        buyers = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        phones = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        addresses = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        tally = HourTally(hour: timestamp / 3_600_000)
        closedHours = ClosedHours(capacity: ClosedHours.capacity(for: rules.orderBurst))
    }

    /// Closes finished hours into the baseline before counting an event at `timestamp`.
    mutating func roll(to timestamp: Int64) {
        let hour = timestamp / 3_600_000
        guard hour > tally.hour else { return }
        closedHours.append(tally, expected: baseline.expectedOrdersPerHour(at: tally.hour * 3_600_000))
        baseline.close(tally)
        var empty = tally.hour + 1
        if hour - empty > 24 * 7 { empty = hour - 24 * 7 }
        while empty < hour {
            if hour - empty <= closedHours.capacity {
                closedHours.append(
                    HourTally(hour: empty), expected: baseline.expectedOrdersPerHour(at: empty * 3_600_000))
            }
            baseline.closeEmpty(hour: empty)
            empty += 1
        }
        tally = HourTally(hour: hour)
        tally.underIncident = underIncident
    }

    mutating func remember(order: String, buyer: String) {
        if recentOrders.count < Self.recentCapacity {
            recentOrders.append((order, buyer))
        } else {
            recentOrders[recentHead] = (order, buyer)
            recentHead = (recentHead + 1) % Self.recentCapacity
        }
    }

    /// The remembered recent orders, oldest first.
    var recentInOrder: [(order: String, buyer: String)] {
        Array(recentOrders[recentHead...] + recentOrders[..<recentHead])
    }

    func hasHistory(at time: Int64, minimum: Int64) -> Bool {
        time - firstSeen >= minimum && baseline.hoursClosed >= 1
    }

    /// The shop's normal shares of the attack indicators and of refunds: its own, blended with the platform's
    /// while its history is thin.
    func shares(_ platform: PlatformBaseline) -> IndicatorShares {
        let weight = 50.0
        return IndicatorShares(
            vague: baseline.vague.blended(with: platform.vague.value ?? 0.1, priorWeight: weight),
            newBuyers: baseline.newBuyers.blended(with: platform.newBuyers.value ?? 0.3, priorWeight: weight),
            mismatched: baseline.mismatched.blended(with: platform.mismatched.value ?? 0.05, priorWeight: weight),
            refunded: baseline.refunded.blended(with: platform.refunded.value ?? 0.05, priorWeight: weight))
    }
}

/// Normal shares of the order traits the shop operators weigh.
struct IndicatorShares: Sendable {
    var vague: Double
    var newBuyers: Double
    var mismatched: Double
    var refunded: Double
}

/// What the shop operators read besides the shop's own row: platform-wide shares (a prior for thin histories)
/// and when the stream began (shops seen near it may have history the engine never saw).
struct ShopContext: Sendable {
    var platform: PlatformBaseline
    var streamStart: Int64?
}

/// What a shop operator is told about one order once enrichment has judged it.
struct OrderFacts: Sendable {
    var orderID: String
    var buyerID: String
    var timestamp: Int64
    var vague: Bool
    var newBuyer: Bool
    var mismatched: Bool
    /// The item ordered, if the event names one.
    var itemID: String? = nil
}
