/// One shop receives 130 one-star reviews within 90 minutes, from accounts that ordered a cheap item
/// shortly before: most brand new, the rest linked by a few shared phones and addresses.
struct ReviewBombingStory: Story {
    static let newAccounts = 95
    static let linkedAccounts = 35
    static let burstMillis: Int64 = 90 * Marketplace.minuteMillis

    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth {
        let world = context.world
        let hour = Marketplace.hourMillis
        let factory = context.factory
        let shop = context.shop(nearDailyOrders: 500)
        let item = shop.items.min { $0.priceCents < $1.priceCents }!
        let start = world.lastDayStart + 14 * hour + context.time(in: 0...(2 * hour))

        let sharedPhones = (0..<3).map { _ in factory.phone(&context.rng) }
        let sharedAddresses = [factory.home(&context.rng), factory.landmark(&context.rng)]
        var accounts: [LinkedAccount] = []
        for _ in 0..<Self.newAccounts {
            let address = context.rng.chance(0.6) ? factory.home(&context.rng) : factory.regionOnly(&context.rng)
            accounts.append(
                LinkedAccount(
                    id: context.newAccountID(), names: [factory.name(&context.rng)],
                    phones: [factory.phone(&context.rng)], addresses: [address]))
        }
        for _ in 0..<Self.linkedAccounts {
            accounts.append(
                LinkedAccount(
                    id: context.newAccountID(), names: [factory.name(&context.rng)],
                    phones: [context.rng.pick(sharedPhones)], addresses: sharedAddresses))
        }
        context.rng.shuffle(&accounts)

        var orderIDs: [String] = []
        var reviewTimes: [Int64] = []
        for account in accounts {
            let reviewTime = start + context.time(in: 0...(Self.burstMillis - 1))
            let orderTime = reviewTime - context.time(in: (20 * Marketplace.minuteMillis)...(6 * hour))
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: account.receiver(&context.rng))
            log.review(at: reviewTime, shop: shop.id, buyer: account.id, order: orderID, rating: 1)
            orderIDs.append(orderID)
            reviewTimes.append(reviewTime)
        }
        return ScenarioTruth(
            scenario: .reviewBombing, subjectShopIDs: [shop.id], start: reviewTimes.min() ?? start,
            end: reviewTimes.max() ?? start, attackOrderIDs: orderIDs, attackBuyerIDs: accounts.map(\.id).sorted(),
            benign: false, expectedRules: ["review_bombing"])
    }
}
