import BrushfireCore

/// A shop's current windows and baseline as JSON (`GET /v1/shops/{id}`), with the incidents that name it.
struct ShopDocument: Codable, Sendable {
    struct Window: Codable, Sendable {
        var seconds: Int64
        var orders: Int32
        var refunds: Int32
        var negativeReviews: Int32
        var complaints: Int32
        var vagueOrders: Int32
        var newBuyerOrders: Int32
        var mismatchedOrders: Int32
        var expectedOrders: Double
        var rateRatio: Double

        enum CodingKeys: String, CodingKey {
            case seconds, orders, refunds, complaints
            case negativeReviews = "negative_reviews"
            case vagueOrders = "vague_orders"
            case newBuyerOrders = "new_buyer_orders"
            case mismatchedOrders = "mismatched_orders"
            case expectedOrders = "expected_orders"
            case rateRatio = "rate_ratio"
        }
    }

    struct Baseline: Codable, Sendable {
        var expectedOrdersPerHour: Double
        var ordersPerHour: Double
        var refundsPerHour: Double
        var hoursLearned: Int
        var vagueShare: Double
        var newBuyerShare: Double
        var mismatchedShare: Double
        var refundedShare: Double

        enum CodingKeys: String, CodingKey {
            case expectedOrdersPerHour = "expected_orders_per_hour"
            case ordersPerHour = "orders_per_hour"
            case refundsPerHour = "refunds_per_hour"
            case hoursLearned = "hours_learned"
            case vagueShare = "vague_share"
            case newBuyerShare = "new_buyer_share"
            case mismatchedShare = "mismatched_share"
            case refundedShare = "refunded_share"
        }
    }

    var id: String
    var eventTime: Int64?
    var firstSeen: Int64
    var lastEvent: Int64
    var burstScore: Double
    var inBurst: Bool
    var tracedBursts: Int
    var refundsLastStormWindow: Int
    var windows: [Window]
    var baseline: Baseline
    var incidents: [String]

    enum CodingKeys: String, CodingKey {
        case id, windows, baseline, incidents
        case eventTime = "event_time_ms"
        case firstSeen = "first_seen_ms"
        case lastEvent = "last_event_ms"
        case burstScore = "burst_score"
        case inBurst = "in_burst"
        case tracedBursts = "traced_bursts"
        case refundsLastStormWindow = "refunds_in_storm_window"
    }

    init(_ view: ShopView, eventTime: Int64?, incidents: [String]) {
        id = view.id
        self.eventTime = eventTime
        firstSeen = view.firstSeen
        lastEvent = view.lastEvent
        burstScore = (view.burstScore * 100).rounded() / 100
        inBurst = view.inBurst
        tracedBursts = view.tracedBursts
        refundsLastStormWindow = view.refundsInStormWindow
        windows = view.windows.map {
            Window(
                seconds: $0.millis / 1000, orders: $0.counts.orders, refunds: $0.counts.refunds,
                negativeReviews: $0.counts.negativeReviews, complaints: $0.counts.complaints,
                vagueOrders: $0.counts.vagueOrders, newBuyerOrders: $0.counts.newBuyerOrders,
                mismatchedOrders: $0.counts.mismatchedOrders, expectedOrders: ($0.expectedOrders * 100).rounded() / 100,
                rateRatio: ($0.rateRatio * 100).rounded() / 100)
        }
        let b = view.baseline
        baseline = Baseline(
            expectedOrdersPerHour: b.expectedOrdersPerHour, ordersPerHour: b.ordersPerHour,
            refundsPerHour: b.refundsPerHour, hoursLearned: b.hoursClosed, vagueShare: b.vagueShare,
            newBuyerShare: b.newBuyerShare, mismatchedShare: b.mismatchedShare, refundedShare: b.refundedShare)
        self.incidents = incidents
    }
}
