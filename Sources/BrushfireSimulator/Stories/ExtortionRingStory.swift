/// About 15 people, each running several buyer accounts on a few shared phones and addresses, hit 100+
/// shops: order a cheap item, leave a 1-star review, then demand money (the shop files an `extortion`
/// complaint) and/or take a refund.
struct ExtortionRingStory: Story {
    static let members = 15
    static let shopsHit = 130
    static let repeatHits = 20

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let factory = context.factory
        let sharedPhones = (0..<3).map { _ in factory.phone(&context.rng) }
        let ringAddresses = [
            factory.home(&context.rng), factory.home(&context.rng), factory.pickup(&context.rng),
            factory.landmark(&context.rng), factory.home(&context.rng),
        ]
        var accounts: [LinkedAccount] = []
        for _ in 0..<Self.members {
            let memberName = factory.name(&context.rng)
            var phones = [factory.phone(&context.rng)]
            if context.rng.chance(0.5) { phones.append(factory.phone(&context.rng)) }
            if context.rng.chance(0.4) { phones.append(context.rng.pick(sharedPhones)) }
            var addresses = [context.rng.pick(ringAddresses)]
            if context.rng.chance(0.5) { addresses.append(context.rng.pick(ringAddresses)) }
            for _ in 0..<context.rng.int(in: 3...6) {
                let names = context.rng.chance(0.5) ? [memberName] : [memberName, factory.name(&context.rng)]
                accounts.append(
                    LinkedAccount(id: context.newAccountID(), names: names, phones: phones, addresses: addresses))
            }
        }

        let targets = context.distinctShops(min(Self.shopsHit, world.shops.count))
        var hits = targets
        for _ in 0..<min(Self.repeatHits, targets.count) { hits.append(context.rng.pick(targets)) }
        let window = (world.storyStart + 8 * hour)...(world.end - 10 * hour)

        var orderIDs: [String] = []
        var usedAccounts = Set<String>()
        var first = Int64.max
        var last = Int64.min
        for shop in hits {
            let account = context.rng.pick(accounts)
            usedAccounts.insert(account.id)
            let item = shop.items.min { $0.priceCents < $1.priceCents }!
            let orderTime = context.time(in: window)
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: account.receiver(&context.rng))
            orderIDs.append(orderID)
            let reviewTime = orderTime + context.time(in: (2 * hour)...(6 * hour))
            log.review(at: reviewTime, shop: shop.id, buyer: account.id, order: orderID, rating: 1)
            var lastEvent = reviewTime
            let complains = context.rng.chance(0.7)
            if complains {
                let time = reviewTime + context.time(in: hour...(4 * hour))
                log.complaint(
                    at: time, shop: shop.id, buyer: account.id, filedBy: .shop, kind: .extortion, order: orderID)
                lastEvent = max(lastEvent, time)
            }
            if !complains || context.rng.chance(0.5) {
                let time = orderTime + context.time(in: (3 * hour)...(8 * hour))
                log.refund(
                    at: time, shop: shop.id, buyer: account.id, order: orderID, amountCents: item.priceCents,
                    reason: "与描述不符")
                lastEvent = max(lastEvent, time)
            }
            first = min(first, orderTime)
            last = max(last, lastEvent)
        }
        return ScenarioTruth(
            scenario: .extortionRing, subjectShopIDs: Set(hits.map(\.id)).sorted(), start: first, end: last,
            attackOrderIDs: orderIDs, attackBuyerIDs: usedAccounts.sorted(), benign: false,
            expectedRules: ["fingerprint_ring"])
    }
}
