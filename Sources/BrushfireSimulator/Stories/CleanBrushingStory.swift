import BrushfireCore

/// Reverse brushing with clean addresses: 800 orders for one item within 40 minutes, every receiver address
/// complete and well formed. What gives it away is who orders and where to: most accounts are brand new, and
/// the rest are established accounts suddenly shipping to other people's names, phones and addresses. Nearly
/// all are refunded hours later.
struct CleanBrushingStory: Story {
    static let orderCount = 800
    static let establishedShare = 0.4
    static let burstMillis: Int64 = 40 * Marketplace.minuteMillis
    static let refundedShare = 0.96

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let victim = context.shop(nearDailyOrders: 1_000)
        let item = victim.item(pricedNear: 3_990)
        let start = world.lastDayStart + 9 * Marketplace.hourMillis + context.time(in: 0...(3 * Marketplace.hourMillis))
        var accounts = context.establishedBuyers(
            count: Int(Double(Self.orderCount) * Self.establishedShare), before: start
        ).map(\.id)
        while accounts.count < Self.orderCount { accounts.append(context.newAccountID()) }
        context.rng.shuffle(&accounts)
        let (orderIDs, times) = context.fakeOrders(
            accounts, shop: victim.id, item: item, from: start, over: Self.burstMillis,
            refundedShare: Self.refundedShare, log: &log
        ) { $0.borrowedReceiver() }
        return ScenarioTruth(
            scenario: .cleanBrushing, subjectShopIDs: [victim.id], start: times.min() ?? start,
            end: times.max() ?? start, attackOrderIDs: orderIDs, attackBuyerIDs: accounts.sorted(), benign: false,
            expectedRules: ["order_burst", "reverse_brushing"])
    }
}
