/// A slow cross-shop extortion gang: 28 accounts that share 14 phones and 20 doors between them, each written in
/// whatever spelling comes to hand, ordering once at each of 200 shops over five days — a few orders a day behind
/// any one phone or door, never two at a shop, never a burst anywhere. Each order gets a 1-star review a few hours
/// later, most an `extortion` complaint from the shop after that, some a refund. Only the gang as a whole, linked
/// through the accounts that use several of its phones and doors, stands out on its first day.
struct SlowGangStory: Story {
    static let accounts = 28
    static let phones = 14
    static let doors = 20
    static let shopsHit = 200
    static let days: Int64 = 5

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let factory = context.factory
        let phones = (0..<Self.phones).map { _ in factory.phone(&context.rng) }
        let doors = (0..<Self.doors).map { _ in factory.home(&context.rng) }
        var accounts: [LinkedAccount] = []
        for index in 0..<Self.accounts {
            // Every phone and door is some account's first; most accounts use a second phone or door as well.
            var own = [phones[index % phones.count], context.rng.pick(phones)]
            if context.rng.chance(0.3) { own.append(context.rng.pick(phones)) }
            var addresses = [doors[index % doors.count]]
            if context.rng.chance(0.6) { addresses.append(context.rng.pick(doors)) }
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
            let reviewTime = orderTime + context.time(in: (2 * hour)...(8 * hour))
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
