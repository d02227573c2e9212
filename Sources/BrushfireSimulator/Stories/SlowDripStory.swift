import BrushfireCore

/// A slow drip of fake orders: for five hours a click farm adds orders at three times the shop's own rate for
/// the hour, never enough in a few minutes to look like the seed case, to vague, mismatched receivers, and
/// refunds nearly all of them later.
struct SlowDripStory: Story {
    static let dripMillis: Int64 = 5 * Marketplace.hourMillis
    static let excessFactor = 3.0
    static let refundedShare = 0.95

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let victim = context.shop(nearDailyOrders: 600)
        let item = victim.items.min { $0.priceCents < $1.priceCents }!
        let start = world.lastDayStart + 9 * Marketplace.hourMillis + context.time(in: 0...Marketplace.hourMillis)
        // The shop's own rate through these hours, from its daily volume and the platform's daily rhythm.
        let perHour = victim.dailyOrders / 24
        let count = Int((perHour * Self.excessFactor * Double(Self.dripMillis) / Double(Marketplace.hourMillis)))
        var accounts = context.establishedBuyers(count: count / 3, before: start).map(\.id)
        while accounts.count < count { accounts.append(context.newAccountID()) }
        context.rng.shuffle(&accounts)
        let phonePool = (0..<200).map { _ in context.factory.phone(&context.rng) }
        let (orderIDs, times) = context.fakeOrders(
            accounts, shop: victim.id, item: item, from: start, over: Self.dripMillis,
            refundedShare: Self.refundedShare, refundDelay: 10 * Marketplace.hourMillis, log: &log
        ) { $0.fabricatedReceiver(phonePool: phonePool) }
        return ScenarioTruth(
            scenario: .slowDrip, subjectShopIDs: [victim.id], start: times.min() ?? start, end: times.max() ?? start,
            attackOrderIDs: orderIDs, attackBuyerIDs: accounts.sorted(), benign: false,
            expectedRules: ["order_burst"])
    }
}
