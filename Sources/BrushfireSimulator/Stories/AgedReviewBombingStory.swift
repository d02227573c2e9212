import BrushfireCore

/// Review bombing by aged accounts: 60 accounts with ordinary purchase histories, neither new nor linked to each
/// other, each order the shop's cheapest item and leave a 1-star review, all within two hours.
struct AgedReviewBombingStory: Story {
    static let reviewers = 60
    static let burstMillis: Int64 = 2 * Marketplace.hourMillis

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let shop = context.shop(nearDailyOrders: 400)
        let item = shop.items.min { $0.priceCents < $1.priceCents }!
        let start = world.lastDayStart + 13 * hour + context.time(in: 0...(2 * hour))
        let accounts = context.establishedBuyers(count: Self.reviewers, before: start - 6 * hour)
        let traffic = BackgroundTraffic(world: world)
        var orderIDs: [String] = []
        var reviewTimes: [Int64] = []
        for account in accounts {
            let reviewTime = start + context.time(in: 0...(Self.burstMillis - 1))
            let orderTime = reviewTime - context.time(in: (30 * Marketplace.minuteMillis)...(6 * hour))
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: traffic.usualReceiver(account, shop: shop, &context.rng))
            _ = log.review(at: reviewTime, shop: shop.id, buyer: account.id, order: orderID, rating: 1)
            orderIDs.append(orderID)
            reviewTimes.append(reviewTime)
        }
        return ScenarioTruth(
            scenario: .agedReviewBombing, subjectShopIDs: [shop.id], start: reviewTimes.min() ?? start,
            end: reviewTimes.max() ?? start, attackOrderIDs: orderIDs, attackBuyerIDs: accounts.map(\.id).sorted(),
            benign: false, expectedRules: ["review_bombing"])
    }
}
