import BrushfireCore

/// How an ordinary order and its aftermath play out: quantity and price, then maybe a refund hours to days
/// later, a review (mostly 4–5 stars) and, rarely, a complaint.
struct OrderModel: Sendable {
    static let refundReasons = ["不想要了", "尺码不合适", "质量问题", "与描述不符", "拍错了", "未按约定时间发货"]

    /// Star ratings 1…5 for ordinary orders, and for orders that were refunded.
    private let ratings = WeightedSampler(weights: [1.2, 0.9, 3.4, 15, 79.5])
    private let refundedRatings = WeightedSampler(weights: [22, 12, 18, 20, 28])

    /// Places one order with ordinary follow-ups and returns its id.
    @discardableResult
    func place(
        shop: Shop, item: Shop.Item, buyer: String, receiver: Receiver, at time: Int64, refundRate: Double,
        log: inout EventLog, rng: inout SplitMix64
    ) -> String {
        let quantity: Int64 = rng.chance(0.85) ? 1 : rng.chance(0.75) ? 2 : 3
        let amount = item.priceCents * quantity
        let orderID = log.order(
            at: time, shop: shop.id, buyer: buyer, item: item.id, amountCents: amount,
            currency: rng.chance(0.9) ? "CNY" : nil, receiver: receiver)
        followUps(
            order: orderID, shop: shop.id, buyer: buyer, amount: amount, at: time, refundRate: refundRate,
            log: &log, rng: &rng)
        return orderID
    }

    /// Refund, review and complaint for an order already placed.
    func followUps(
        order: String, shop: String, buyer: String, amount: Int64, at time: Int64, refundRate: Double,
        log: inout EventLog, rng: inout SplitMix64
    ) {
        let hour = Marketplace.hourMillis
        let refunded = rng.chance(refundRate)
        if refunded {
            let delay = rng.delay(median: 14 * hour, sigma: 0.9, range: hour...(6 * 24 * hour))
            let refundAmount = rng.chance(0.85) ? amount : max(1, amount * Int64(rng.int(in: 20...80)) / 100)
            log.refund(
                at: time + delay, shop: shop, buyer: buyer, order: order, amountCents: refundAmount,
                reason: rng.chance(0.8) ? rng.pick(Self.refundReasons) : nil)
        }
        if rng.chance(refunded ? 0.2 : 0.3) {
            let delay = rng.delay(median: 20 * hour, sigma: 0.8, range: (2 * hour)...(10 * 24 * hour))
            let rating = 1 + (refunded ? refundedRatings : ratings).sample(&rng)
            log.review(at: time + delay, shop: shop, buyer: buyer, order: order, rating: rating)
        }
        if rng.chance(0.0008) {
            let delay = rng.delay(median: 24 * hour, sigma: 0.7, range: hour...(7 * 24 * hour))
            let (party, kind): (ComplaintParty, ComplaintKind) =
                switch rng.below(20) {
                case 0..<14: (.buyer, .other)
                case 14..<18: (.shop, .other)
                case 18: (.buyer, .harassment)
                default: (.shop, .extortion)
                }
            log.complaint(at: time + delay, shop: shop, buyer: buyer, filedBy: party, kind: kind, order: order)
        }
    }
}
