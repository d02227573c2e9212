/// A group of accounts on a handful of shared phones and addresses orders at dozens of shops and claims
/// a refund on almost every order, hundreds of times.
struct RefundRingStory: Story {
    static let accounts = 24
    static let shops = 45
    static let orders = 520
    static let refundShare = 0.92
    static let reasons = ["未收到货", "质量问题", "与描述不符", "商品破损"]

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let factory = context.factory
        let phones = (0..<5).map { _ in factory.phone(&context.rng) }
        let addresses = [
            factory.home(&context.rng), factory.home(&context.rng), factory.home(&context.rng),
            factory.pickup(&context.rng),
        ]
        let accounts = (0..<Self.accounts).map { index in
            LinkedAccount(
                id: context.newAccountID(), names: [factory.name(&context.rng)],
                phones: [phones[index % phones.count], context.rng.pick(phones)],
                addresses: [addresses[index % addresses.count]])
        }
        let targets = context.distinctShops(min(Self.shops, world.shops.count))
        let window = (world.storyStart + 7 * hour)...(world.end - 8 * hour)

        var orderIDs: [String] = []
        var shopsHit = Set<String>()
        var first = Int64.max
        var last = Int64.min
        for _ in 0..<Self.orders {
            let account = context.rng.pick(accounts)
            let shop = context.rng.pick(targets)
            // The pricier of two catalogue items: refunds are worth more.
            let a = context.rng.pick(shop.items)
            let b = context.rng.pick(shop.items)
            let item = a.priceCents >= b.priceCents ? a : b
            let time = context.time(in: window)
            let orderID = log.order(
                at: time, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: account.receiver(&context.rng))
            orderIDs.append(orderID)
            shopsHit.insert(shop.id)
            first = min(first, time)
            last = max(last, time)
            if context.rng.chance(Self.refundShare) {
                let refundTime = time + context.time(in: hour...(6 * hour))
                log.refund(
                    at: refundTime, shop: shop.id, buyer: account.id, order: orderID, amountCents: item.priceCents,
                    reason: context.rng.pick(Self.reasons))
                last = max(last, refundTime)
            }
        }
        return ScenarioTruth(
            scenario: .refundRing, subjectShopIDs: shopsHit.sorted(), start: first, end: last,
            attackOrderIDs: orderIDs, attackBuyerIDs: accounts.map(\.id).sorted(), benign: false,
            expectedRules: ["refund_abuse"])
    }
}
