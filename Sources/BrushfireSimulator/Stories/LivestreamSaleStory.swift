import BrushfireCore

/// Benign: a small shop's livestream sells hundreds of units of two items within minutes, mostly to viewers who
/// open an account to buy. Every order ships to the buyer's own complete address under the buyer's own name and
/// phone, each viewer a different household, and few are refunded. New accounts alone do not make an attack.
struct LivestreamSaleStory: Story {
    static let orderCount = 420
    static let newAccountShare = 0.8
    static let saleMillis: Int64 = 12 * Marketplace.minuteMillis
    static let refundRate = 0.04

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let shop = context.shop(nearDailyOrders: 15)
        let items = Array(shop.items.prefix(2))
        let start = world.lastDayStart + 20 * Marketplace.hourMillis + context.time(in: 0...Marketplace.hourMillis)
        let regulars = context.establishedBuyers(
            count: Int(Double(Self.orderCount) * (1 - Self.newAccountShare)), before: start)
        let traffic = BackgroundTraffic(world: world)
        var orderIDs: [String] = []
        var buyerIDs: [String] = []
        var times: [Int64] = []
        for index in 0..<Self.orderCount {
            // Orders pour in while the host presents, thinning as stock runs out.
            let u = context.rng.unit()
            let time = start + Int64(Double(Self.saleMillis) * u * u)
            let buyerID: String
            let receiver: Receiver
            if index < regulars.count {
                buyerID = regulars[index].id
                receiver = traffic.usualReceiver(regulars[index], shop: shop, &context.rng)
            } else {
                let buyer = context.newBuyer()
                buyerID = buyer.id
                receiver = buyer.home.receiver(&context.rng)
            }
            let orderID = context.model.place(
                shop: shop, item: context.rng.pick(items), buyer: buyerID, receiver: receiver, at: time,
                refundRate: Self.refundRate, log: &log, rng: &context.rng)
            orderIDs.append(orderID)
            buyerIDs.append(buyerID)
            times.append(time)
        }
        return ScenarioTruth(
            scenario: .livestreamSale, subjectShopIDs: [shop.id], start: times.min() ?? start,
            end: times.max() ?? start, attackOrderIDs: orderIDs, attackBuyerIDs: buyerIDs.sorted(), benign: true,
            expectedRules: [])
    }
}
