/// Benign: an established shop runs a one-hour sale at 20:00; its regular buyers place thousands of orders
/// to their usual addresses, and few are refunded.
struct FlashSaleStory: Story {
    static let orderCount = 3_200
    static let repeatBuyers = 300
    static let refundRate = 0.03

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let shop = context.shop(nearDailyOrders: 400)
        let start = world.lastDayStart + 20 * Marketplace.hourMillis
        let hourMillis = Double(Marketplace.hourMillis)
        let buyers = context.regularBuyers(count: Self.orderCount - Self.repeatBuyers, before: start)
        var orderBuyers = buyers + buyers.prefix(Self.repeatBuyers)
        context.rng.shuffle(&orderBuyers)
        let saleItems = shop.items.prefix(3).map { item in
            Shop.Item(id: item.id, priceCents: max(100, item.priceCents * 7 / 10 / 10 * 10))
        }
        let traffic = BackgroundTraffic(world: world)
        var orderIDs: [String] = []
        var times: [Int64] = []
        for buyer in orderBuyers {
            // Front-loaded: most orders in the first minutes.
            let u = context.rng.unit()
            let time = start + Int64(hourMillis * u * u)
            let receiver = traffic.usualReceiver(buyer, shop: shop, &context.rng)
            let orderID = context.model.place(
                shop: shop, item: context.rng.pick(saleItems), buyer: buyer.id, receiver: receiver, at: time,
                refundRate: Self.refundRate, log: &log, rng: &context.rng)
            orderIDs.append(orderID)
            times.append(time)
        }
        return ScenarioTruth(
            scenario: .flashSale, subjectShopIDs: [shop.id], start: times.min() ?? start, end: times.max() ?? start,
            attackOrderIDs: orderIDs, attackBuyerIDs: buyers.map(\.id).sorted(), benign: true, expectedRules: [])
    }
}
