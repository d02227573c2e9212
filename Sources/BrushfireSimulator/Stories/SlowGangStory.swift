/// A slow cross-shop extortion gang: about twenty accounts behind four phones and five doors, each written in
/// whatever spelling comes to hand, ordering once at each of 360 shops over four days — never two orders at a shop
/// in an hour, never a burst anywhere. Each order gets a 1-star review once it arrives, most an `extortion`
/// complaint from the shop a few hours later, some a refund.
struct SlowGangStory: Story {
    static let accounts = 20
    static let shopsHit = 360
    static let days: Int64 = 4

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let factory = context.factory
        let phones = (0..<4).map { _ in factory.phone(&context.rng) }
        let doors = (0..<5).map { _ in factory.home(&context.rng) }
        var accounts: [LinkedAccount] = []
        for _ in 0..<Self.accounts {
            var own = [context.rng.pick(phones)]
            if context.rng.chance(0.3) { own.append(context.rng.pick(phones)) }
            var addresses = [context.rng.pick(doors)]
            if context.rng.chance(0.3) { addresses.append(context.rng.pick(doors)) }
            let names = [factory.name(&context.rng), factory.name(&context.rng)]
            accounts.append(LinkedAccount(id: context.newAccountID(), names: names, phones: own, addresses: addresses))
        }

        let start = world.storyStart + 8 * hour
        let window = start...min(start + Self.days * Marketplace.dayMillis, world.end - 36 * hour)
        var orderIDs: [String] = []
        var usedAccounts = Set<String>()
        var last = Int64.min
        let targets = context.distinctShops(min(Self.shopsHit, world.shops.count))
        var first = Int64.max
        for shop in targets {
            let account = context.rng.pick(accounts)
            usedAccounts.insert(account.id)
            let item = shop.items.min { $0.priceCents < $1.priceCents }!
            let orderTime = context.time(in: window)
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: account.receiver(&context.rng))
            orderIDs.append(orderID)
            // Delivered the next day or the one after, reviewed on arrival.
            let reviewTime = orderTime + context.time(in: (12 * hour)...(30 * hour))
            log.review(at: reviewTime, shop: shop.id, buyer: account.id, order: orderID, rating: 1)
            var lastEvent = reviewTime
            if context.rng.chance(0.6) {
                let time = reviewTime + context.time(in: hour...(6 * hour))
                log.complaint(
                    at: time, shop: shop.id, buyer: account.id, filedBy: .shop, kind: .extortion, order: orderID)
                lastEvent = max(lastEvent, time)
            }
            if context.rng.chance(0.3) {
                let time = reviewTime + context.time(in: (2 * hour)...(10 * hour))
                log.refund(
                    at: time, shop: shop.id, buyer: account.id, order: orderID, amountCents: item.priceCents,
                    reason: "与描述不符")
                lastEvent = max(lastEvent, time)
            }
            first = min(first, orderTime)
            last = max(last, lastEvent)
        }
        return ScenarioTruth(
            scenario: .slowGang, subjectShopIDs: targets.map(\.id).sorted(), start: first, end: last,
            attackOrderIDs: orderIDs, attackBuyerIDs: usedAccounts.sorted(), benign: false,
            expectedRules: ["fingerprint_ring"])
    }
}
