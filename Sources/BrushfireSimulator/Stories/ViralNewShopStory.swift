import BrushfireCore

/// Benign: a shop with no history goes viral; thousands of real buyers, mostly established accounts
/// shipping to their usual specific addresses, order within three hours, and refunds stay ordinary.
struct ViralNewShopStory: Story {
    static let surgeOrders = 2_800
    static let trickleOrders = 300
    static let newAccountShare = 0.12

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let category = context.rng.pick([Category.food, .cosmetics, .home, .apparel])
        let shopID = world.shopID(world.shops.count + 1)
        let items = (0..<8).map { number in
            Shop.Item(
                id: shopID + "-i" + paddedNumber(number + 1, width: 2),
                priceCents: Marketplace.price(category, &context.rng))
        }
        let shop = Shop(id: shopID, category: category, dailyOrders: 0, items: items, provinceOnly: false)
        let itemSampler = shop.itemSampler()
        let start = world.lastDayStart + 10 * hour + context.time(in: 0...hour)
        let surgeEnd = start + 3 * hour
        let total = Self.surgeOrders + Self.trickleOrders
        let established = context.regularBuyers(count: Int(Double(total) * (1 - Self.newAccountShare)), before: start)
        let traffic = BackgroundTraffic(world: world)

        var orderIDs: [String] = []
        var buyerIDs: [String] = []
        var times: [Int64] = []
        for index in 0..<total {
            let time: Int64
            if index < Self.surgeOrders {
                // Rising through the surge as the post spreads.
                time = start + Int64(Double(surgeEnd - start) * context.rng.unit().squareRoot())
            } else {
                time = context.time(in: surgeEnd...(world.end - 1))
            }
            let buyerID: String
            let receiver: Receiver
            if index < established.count && !context.rng.chance(Self.newAccountShare) {
                buyerID = established[index].id
                receiver = traffic.usualReceiver(established[index], shop: shop, &context.rng)
            } else {
                let buyer = context.newBuyer()
                buyerID = buyer.id
                receiver = buyer.home.receiver(&context.rng)
            }
            let orderID = context.model.place(
                shop: shop, item: items[itemSampler.sample(&context.rng)], buyer: buyerID, receiver: receiver,
                at: time, refundRate: category.refundRate, log: &log, rng: &context.rng)
            if index < Self.surgeOrders {
                orderIDs.append(orderID)
                buyerIDs.append(buyerID)
                times.append(time)
            }
        }
        return ScenarioTruth(
            scenario: .viralNewShop, subjectShopIDs: [shopID], start: times.min() ?? start, end: times.max() ?? start,
            attackOrderIDs: orderIDs, attackBuyerIDs: Array(Set(buyerIDs)).sorted(), benign: true,
            expectedRules: [])
    }
}
