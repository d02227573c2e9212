/// Per-pane counts kept for every shop.
public struct ShopPane: PaneValue, Equatable {
    public var orders: Int32 = 0
    public var refunds: Int32 = 0
    public var negativeReviews: Int32 = 0
    public var complaints: Int32 = 0
    /// Orders whose receiver address names no door (region only, landmark, pickup point, or none).
    public var vagueOrders: Int32 = 0
    /// Orders from buyers the platform had never seen order before.
    public var newBuyerOrders: Int32 = 0
    /// Orders whose receiver does not match the buyer's or the phone's earlier use.
    public var mismatchedOrders: Int32 = 0

    public static let zero = ShopPane()

    public static func + (lhs: ShopPane, rhs: ShopPane) -> ShopPane {
        ShopPane(
            orders: lhs.orders + rhs.orders, refunds: lhs.refunds + rhs.refunds,
            negativeReviews: lhs.negativeReviews + rhs.negativeReviews, complaints: lhs.complaints + rhs.complaints,
            vagueOrders: lhs.vagueOrders + rhs.vagueOrders, newBuyerOrders: lhs.newBuyerOrders + rhs.newBuyerOrders,
            mismatchedOrders: lhs.mismatchedOrders + rhs.mismatchedOrders)
    }
}

/// One hour of a shop's traffic, closed into its baseline when the hour ends.
struct HourTally: Sendable {
    var hour: Int64
    var orders = 0
    var refunds = 0
    var vague = 0
    var newBuyers = 0
    var mismatched = 0
    var underIncident = false
}

/// A ratio learned as a decayed numerator over a decayed denominator, e.g. the share of vague addresses.
struct DecayedShare: Sendable {
    var numerator = 0.0
    var denominator = 0.0

    mutating func add(_ part: Int, of whole: Int, decay: Double) {
        numerator = numerator * decay + Double(part)
        denominator = denominator * decay + Double(whole)
    }

    /// The learned share blended with `prior` as if the prior were worth `priorWeight` observations.
    func blended(with prior: Double, priorWeight: Double) -> Double {
        (numerator + prior * priorWeight) / (denominator + priorWeight)
    }

    var value: Double? { denominator > 0 ? numerator / denominator : nil }
}

/// What a shop's normal traffic looks like: orders per hour by hour of day, and its usual shares.
struct ShopBaseline: Sendable {
    /// Orders per hour, an exponentially weighted mean per hour of day (UTC).
    var byHourOfDay: [Double] = []
    var hoursOfDaySeen: UInt32 = 0
    /// Orders per hour over all hours (about one day's memory) and over about two days.
    var level = 0.0
    var slowLevel = 0.0
    var fastLevel = 0.0
    var refundsPerHour = 0.0
    var hoursClosed = 0
    var vague = DecayedShare()
    var newBuyers = DecayedShare()
    var mismatched = DecayedShare()
    var refunded = DecayedShare()

    static let shareDecay = 0.98
    static let hourOfDayWeight = 0.3

    /// Expected orders per hour at the hour of day of `timestamp`.
    func expectedOrdersPerHour(at timestamp: Int64) -> Double {
        let hourOfDay = Int((timestamp / 3_600_000) % 24)
        guard !byHourOfDay.isEmpty, hoursOfDaySeen & (1 << UInt32(hourOfDay)) != 0 else { return level }
        return max(byHourOfDay[hourOfDay], 0.25 * level)
    }

    mutating func close(_ tally: HourTally) {
        let hourOfDay = Int(tally.hour % 24)
        var orders = Double(tally.orders)
        if tally.underIncident || hoursClosed >= 24 {
            // Learn from an attack hour only what normal traffic could explain.
            let expected = expectedOrdersPerHour(at: tally.hour * 3_600_000)
            if tally.underIncident { orders = min(orders, 3 * expected + 10) }
        }
        if byHourOfDay.isEmpty { byHourOfDay = Array(repeating: 0, count: 24) }
        let bit: UInt32 = 1 << UInt32(hourOfDay)
        if hoursOfDaySeen & bit == 0 {
            byHourOfDay[hourOfDay] = orders
            hoursOfDaySeen |= bit
        } else {
            byHourOfDay[hourOfDay] += Self.hourOfDayWeight * (orders - byHourOfDay[hourOfDay])
        }
        let alpha = hoursClosed < 24 ? 1.0 / Double(hoursClosed + 1) : 1.0 / 24
        level += alpha * (orders - level)
        slowLevel += max(alpha, 1.0 / 48) * (orders - slowLevel)
        fastLevel += 0.3 * (orders - fastLevel)
        refundsPerHour += alpha * (Double(tally.refunds) - refundsPerHour)
        hoursClosed += 1
        if !tally.underIncident {
            vague.add(tally.vague, of: tally.orders, decay: Self.shareDecay)
            newBuyers.add(tally.newBuyers, of: tally.orders, decay: Self.shareDecay)
            mismatched.add(tally.mismatched, of: tally.orders, decay: Self.shareDecay)
            refunded.add(tally.refunds, of: tally.orders, decay: Self.shareDecay)
        }
    }

    /// An empty hour: decays the levels towards zero without touching the shares.
    mutating func closeEmpty(hour: Int64) {
        close(HourTally(hour: hour))
    }
}
