import BrushfireCore

/// The seed case: a competitor's click farm places 2,000 orders for one CNY 29.90 item at a big rival shop
/// within 30 minutes, from about 2,000 accounts shipping to vague, mismatched receivers, and refunds
/// nearly all of them 2–12 hours later, leaving the victim with a burst of cancelled sales and a penalty.
struct ReverseBrushingStory: Story {
    static let orderCount = 2_000
    static let accountCount = 1_970
    static let priceCents: Int64 = 2_990
    static let burstMillis: Int64 = 30 * Marketplace.minuteMillis
    static let refundedShare = 0.994

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let victim = context.shop(nearDailyOrders: 3_000)
        let item = victim.item(pricedNear: Self.priceCents)
        let start = world.lastDayStart + 8 * hour + 30 * Marketplace.minuteMillis + context.time(in: 0...(2 * hour))

        // About a third are accounts with history (now shipping elsewhere); the rest are first seen here.
        let established = context.establishedBuyers(count: Self.accountCount * 35 / 100, before: start).map(\.id)
        var accounts = established
        while accounts.count < Self.accountCount { accounts.append(context.newAccountID()) }
        var orderAccounts = accounts + accounts.prefix(Self.orderCount - Self.accountCount)
        context.rng.shuffle(&orderAccounts)

        let phonePool = (0..<700).map { _ in context.factory.phone(&context.rng) }
        var refunded = Array(repeating: false, count: Self.orderCount)
        for index in 0..<Int((Double(Self.orderCount) * Self.refundedShare).rounded()) { refunded[index] = true }
        context.rng.shuffle(&refunded)

        var orderIDs: [String] = []
        var times: [Int64] = []
        for (index, account) in orderAccounts.enumerated() {
            let time = start + context.time(in: 0...(Self.burstMillis - 1))
            let receiver = context.fabricatedReceiver(phonePool: phonePool)
            let orderID = log.order(
                at: time, shop: victim.id, buyer: account, item: item.id, amountCents: Self.priceCents,
                currency: "CNY", receiver: receiver)
            orderIDs.append(orderID)
            times.append(time)
            if refunded[index] {
                let reason: String? = context.rng.chance(0.3) ? nil : context.rng.pick(["不想要了", "拍错了", "不想要了"])
                log.refund(
                    at: time + context.time(in: (2 * hour)...(12 * hour)), shop: victim.id, buyer: account,
                    order: orderID, amountCents: Self.priceCents, reason: reason)
            }
        }
        return ScenarioTruth(
            scenario: .reverseBrushing, subjectShopIDs: [victim.id], start: times.min() ?? start,
            end: times.max() ?? start,
            attackOrderIDs: orderIDs, attackBuyerIDs: accounts.sorted(), benign: false,
            expectedRules: ["order_burst", "reverse_brushing"])
    }
}
