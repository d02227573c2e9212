/// Everything the engine keeps about one shop.
struct ShopState: Sendable {
    let id: String
    let firstSeen: Int64
    var lastEvent: Int64
    var panes: PaneRing<ShopPane>
    /// Refunds in five-minute panes over a longer span, for refund storms.
    var refundPanes: PaneRing<Int>
    var buyers: DistinctCounter
    var phones: DistinctCounter
    var addresses: DistinctCounter
    var tally: HourTally
    var baseline = ShopBaseline()
    /// Orders and refunds per minute over the last day, for charts.
    var minutes = MinuteHistory()
    /// The last few orders, so an incident that opens can cite the orders that triggered it.
    var recentOrders: [(order: String, buyer: String)] = []
    var recentHead = 0
    var burst: OpenBurst?
    /// Bursts whose refunds are still being traced (the open one included).
    var bursts: [BurstRecord] = []
    var dirty = false

    static let recentCapacity = 32
    static let refundPane: Int64 = 300_000

    init(id: String, at timestamp: Int64, rules: Rules) {
        self.id = id
        self.firstSeen = timestamp
        self.lastEvent = timestamp
        let pane = rules.engine.pane
        let longest = rules.orderBurst.windows.max() ?? 900_000
        panes = PaneRing(paneMillis: pane, capacity: Int((longest + pane - 1) / pane) + 1)
        refundPanes = PaneRing(
            paneMillis: Self.refundPane,
            capacity: Int((rules.refundStorm.window + Self.refundPane - 1) / Self.refundPane) + 1)
        buyers = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        phones = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        addresses = DistinctCounter(paneMillis: pane, capacity: panes.capacity)
        tally = HourTally(hour: timestamp / 3_600_000)
    }

    /// Closes finished hours into the baseline before counting an event at `timestamp`.
    mutating func roll(to timestamp: Int64) {
        let hour = timestamp / 3_600_000
        guard hour > tally.hour else { return }
        baseline.close(tally)
        var empty = tally.hour + 1
        if hour - empty > 24 * 7 { empty = hour - 24 * 7 }
        while empty < hour {
            baseline.closeEmpty(hour: empty)
            empty += 1
        }
        tally = HourTally(hour: hour)
        tally.underIncident = burst != nil
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
}

/// An open order burst: what it has gathered since its window began.
struct OpenBurst: Sendable {
    var key: IncidentKey
    var orders = 0
    var vague = 0
    var newBuyers = 0
    var mismatched = 0
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
