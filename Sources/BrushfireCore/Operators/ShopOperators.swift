/// The shop-keyed side of the seam between shop-keyed and identity-keyed operators: the rules whose state lives
/// in each shop's row, so that a shop's partition alone carries everything they need. Each is fed the shop's
/// events as enrichment judged them and is evaluated at pane boundaries of event time; they read the shop's
/// windows, never another shop's.
struct ShopOperators: Sendable {
    let orderBurst: OrderBurstOperator
    let reverseBrushing: ReverseBrushingOperator
    let refundStorm: RefundStormOperator
    let reviewBombing: ReviewBombingOperator
    let retaliation: RetaliationOperator
    private let enabled: Enabled

    private struct Enabled: Sendable {
        var orderBurst: Bool
        var reverseBrushing: Bool
        var refundStorm: Bool
        var reviewBombing: Bool
        var retaliation: Bool
    }

    init(rules: Rules) {
        orderBurst = OrderBurstOperator(rules: rules.orderBurst)
        reverseBrushing = ReverseBrushingOperator(rules: rules.reverseBrushing)
        refundStorm = RefundStormOperator(rules: rules.refundStorm)
        reviewBombing = ReviewBombingOperator(rules: rules.reviewBombing)
        retaliation = RetaliationOperator(rules: rules.retaliation)
        enabled = Enabled(
            orderBurst: rules.orderBurst.enabled, reverseBrushing: rules.reverseBrushing.enabled,
            refundStorm: rules.refundStorm.enabled, reviewBombing: rules.reviewBombing.enabled,
            retaliation: rules.retaliation.enabled)
    }

    /// Whether the review operators want negative reviews at all.
    var wantsReviews: Bool { enabled.reviewBombing || enabled.retaliation }
    var wantsHarassment: Bool { enabled.retaliation }

    // MARK: Events

    func observe(_ order: OrderFacts, _ shop: inout ShopState) {
        orderBurst.observe(
            order, &shop.orderBurst, layout: (shop.windows.panes.paneMillis, shop.windows.panes.capacity))
    }

    /// A refund at `time`; `order` is the refunded order when it is remembered and this is its first refund.
    func observeRefund(
        at time: Int64, order: (placed: Int64, id: String, buyer: String)?, _ shop: inout ShopState
    ) {
        refundStorm.observeRefund(at: time, &shop.refundStorm)
        guard let order else { return }
        orderBurst.observeRefund(ofOrderAt: order.placed, &shop.orderBurst)
        reverseBrushing.observeRefund(
            ofOrderAt: order.placed, order: order.id, buyer: order.buyer, &shop.reverseBrushing)
    }

    /// A 1–2 star review, as enrichment judged its reviewer: counted by `review_bombing`, remembered by
    /// `retaliation`.
    func observe(_ review: NegativeReview, by buyer: UInt64, _ shop: inout ShopState) {
        if shop.reviews == nil { shop.reviews = ShopReviews(at: review.time) }
        reviewBombing.observe(review, &shop.reviews!.bombing)
        retaliation.observeReview(by: buyer, at: review.time, &shop.reviews!.retaliation)
    }

    /// A buyer's harassment complaint against the shop. Returns whether it was a retaliation.
    func observeHarassment(by buyer: (id: String, key: UInt64), order: String, at time: Int64, _ shop: inout ShopState)
        -> Bool
    {
        guard shop.reviews != nil else { return false }
        return retaliation.observeHarassment(by: buyer, order: order, at: time, &shop.reviews!.retaliation)
    }

    // MARK: Ticks

    /// Runs the shop's operators at pane boundary `time`, in a fixed order (`reverse_brushing` learns of the burst
    /// `order_burst` just opened). Returns whether the shop has something open, so that it is evaluated at every
    /// tick until it settles.
    func evaluate(_ shop: inout ShopState, at time: Int64, context: ShopContext, incidents: inout IncidentTracker)
        -> Bool
    {
        if enabled.orderBurst,
            let change = orderBurst.evaluate(
                &shop.orderBurst, shop.windows, at: time, context: context, incidents: &incidents)
        {
            switch change {
            case .opened:
                // A slow burst may be the shop's new normal (a growing shop): its hours still teach the baseline.
                if shop.orderBurst.open?.slow != true {
                    shop.windows.underIncident = true
                    shop.windows.tally.underIncident = true
                }
            case .closed:
                shop.windows.underIncident = false
                shop.windows.lastBurstClosed = time
            case .held:
                break
            }
            reverseBrushing.apply(change, at: time, &shop.reverseBrushing)
        }
        if enabled.reverseBrushing {
            reverseBrushing.evaluate(&shop.reverseBrushing, shopID: shop.id, at: time, incidents: &incidents)
        }
        if enabled.refundStorm {
            refundStorm.evaluate(shop.refundStorm, shop.windows, at: time, context: context, incidents: &incidents)
        }
        return orderBurst.isWatching(shop.orderBurst) || reverseBrushing.isWatching(shop.reverseBrushing)
            || refundStorm.isWatching(shopID: shop.id, incidents: incidents)
    }

    /// Runs the review operators for a shop with review state at pane boundary `time`; `fresh` when a review or
    /// complaint arrived since the last tick. Returns whether either has an incident open.
    func evaluateReviews(
        _ reviews: inout ShopReviews, shopID: String, at time: Int64, fresh: Bool, incidents: inout IncidentTracker
    ) -> Bool {
        reviews.bombing.roll(to: time)
        if enabled.reviewBombing {
            reviewBombing.evaluate(&reviews.bombing, shopID: shopID, at: time, incidents: &incidents)
        }
        if enabled.retaliation {
            retaliation.evaluate(&reviews.retaliation, shopID: shopID, at: time, fresh: fresh, incidents: &incidents)
        }
        return reviews.bombing.open || reviews.retaliation.open
    }
}
