import BrushfireCore

/// Reverse brushing hidden inside an honest promotion: an established shop's regular buyers place thousands of
/// orders during a two-hour sale, and forty minutes in a click farm adds 600 orders of the shop's cheapest item
/// within half an hour, shipping to vague, mismatched receivers, and refunds nearly all of them hours later. The
/// shop as a whole looks like a busy sale; the cheap item's orders do not.
struct PromotionBrushingStory: Story {
    static let promotionOrders = 3_000
    static let promotionMillis: Int64 = 2 * Marketplace.hourMillis
    static let fakeOrders = 600
    static let fakeMillis: Int64 = 30 * Marketplace.minuteMillis
    static let refundedShare = 0.97

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let shop = context.shop(nearDailyOrders: 1_500)
        let start = world.lastDayStart + 19 * Marketplace.hourMillis + context.time(in: 0...Marketplace.hourMillis)
        // The promotion: regular buyers to their usual addresses, spread over the shop's catalogue.
        let buyers = context.regularBuyers(count: Self.promotionOrders, before: start)
        let traffic = BackgroundTraffic(world: world)
        let sampler = shop.itemSampler()
        for buyer in buyers {
            let time = start + context.time(in: 0...(Self.promotionMillis - 1))
            _ = context.model.place(
                shop: shop, item: shop.items[sampler.sample(&context.rng)], buyer: buyer.id,
                receiver: traffic.usualReceiver(buyer, shop: shop, &context.rng), at: time, refundRate: 0.03,
                log: &log, rng: &context.rng)
        }
        // The farm: one cheap item, accounts that are new or ship elsewhere, receivers that never belonged together.
        let cheap = shop.items.min { $0.priceCents < $1.priceCents }!
        let attackStart = start + 40 * Marketplace.minuteMillis
        var accounts = context.establishedBuyers(count: Self.fakeOrders / 3, before: attackStart).map(\.id)
        while accounts.count < Self.fakeOrders { accounts.append(context.newAccountID()) }
        context.rng.shuffle(&accounts)
        let phonePool = (0..<250).map { _ in context.factory.phone(&context.rng) }
        let (orderIDs, times) = context.fakeOrders(
            accounts, shop: shop.id, item: cheap, from: attackStart, over: Self.fakeMillis,
            refundedShare: Self.refundedShare, log: &log
        ) { $0.fabricatedReceiver(phonePool: phonePool) }
        return ScenarioTruth(
            scenario: .promotionBrushing, subjectShopIDs: [shop.id], start: times.min() ?? attackStart,
            end: times.max() ?? attackStart, attackOrderIDs: orderIDs, attackBuyerIDs: accounts.sorted(),
            benign: false, expectedRules: ["order_burst", "reverse_brushing"])
    }
}
