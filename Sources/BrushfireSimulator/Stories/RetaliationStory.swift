/// A shop hounds the buyers who gave it one star: within hours of each 1-star review, that buyer files a
/// `harassment` complaint against the shop.
struct RetaliationStory: Story {
    static let victims = 8

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let shop = context.shop(nearDailyOrders: 150)
        let traffic = BackgroundTraffic(world: world)
        let itemSampler = shop.itemSampler()
        let buyers = context.regularBuyers(count: Self.victims, before: world.lastDayStart - 28 * hour)

        var orderIDs: [String] = []
        var first = Int64.max
        var last = Int64.min
        for buyer in buyers {
            let item = shop.items[itemSampler.sample(&context.rng)]
            let orderTime = world.lastDayStart - context.time(in: (4 * hour)...(28 * hour))
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: buyer.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: traffic.usualReceiver(buyer, shop: shop, &context.rng))
            let reviewTime = world.lastDayStart + 8 * hour + context.time(in: 0...(8 * hour))
            log.review(at: reviewTime, shop: shop.id, buyer: buyer.id, order: orderID, rating: 1)
            let complaintTime = reviewTime + context.time(in: hour...(6 * hour))
            log.complaint(
                at: complaintTime, shop: shop.id, buyer: buyer.id, filedBy: .buyer, kind: .harassment, order: orderID)
            orderIDs.append(orderID)
            first = min(first, reviewTime)
            last = max(last, complaintTime)
        }
        return ScenarioTruth(
            scenario: .retaliation, subjectShopIDs: [shop.id], start: first, end: last, attackOrderIDs: orderIDs,
            attackBuyerIDs: buyers.map(\.id).sorted(), benign: false, expectedRules: ["retaliation"])
    }
}
