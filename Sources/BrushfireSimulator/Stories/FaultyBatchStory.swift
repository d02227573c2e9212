import BrushfireCore

/// Benign: a faulty batch of one item. Over two days 220 of the shop's ordinary buyers receive it, and as their
/// parcels arrive, 1–3 days after ordering, they leave 1-star reviews and most ask for refunds: far more negative
/// reviews than the shop usually gets, but spread over the days the parcels arrive, from its own buyers.
struct FaultyBatchStory: Story {
    static let buyers = 220

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let shop = context.shop(nearDailyOrders: 800)
        let item = shop.items[0]
        let start = world.storyStart - Marketplace.dayMillis
        let buyers = context.regularBuyers(count: Self.buyers, before: start)
        let traffic = BackgroundTraffic(world: world)
        var orderIDs: [String] = []
        var reviewTimes: [Int64] = []
        for buyer in buyers {
            let orderTime = start + context.time(in: 0...(2 * Marketplace.dayMillis))
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: buyer.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: traffic.usualReceiver(buyer, shop: shop, &context.rng))
            let arrival = orderTime + context.time(in: (24 * hour)...(72 * hour))
            let reviewTime = arrival + context.time(in: hour...(20 * hour))
            if log.review(at: reviewTime, shop: shop.id, buyer: buyer.id, order: orderID, rating: 1) {
                reviewTimes.append(reviewTime)
            }
            if context.rng.chance(0.7) {
                log.refund(
                    at: arrival + context.time(in: 0...(30 * hour)), shop: shop.id, buyer: buyer.id, order: orderID,
                    amountCents: item.priceCents, reason: context.rng.pick(["质量问题", "商品损坏", "与描述不符"]))
            }
            orderIDs.append(orderID)
        }
        return ScenarioTruth(
            scenario: .faultyBatch, subjectShopIDs: [shop.id], start: reviewTimes.min() ?? start,
            end: reviewTimes.max() ?? start, attackOrderIDs: orderIDs, attackBuyerIDs: buyers.map(\.id).sorted(),
            benign: true, expectedRules: [])
    }
}
