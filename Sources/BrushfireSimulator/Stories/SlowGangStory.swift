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
        let targets = context.distinctShops(min(Self.shopsHit, world.shops.count))
        let gang = GangHits(
            reviewAfterOrder: (2 * hour)...(8 * hour), complaintChance: 0.6, complaintAfterReview: hour...(6 * hour),
            refundChance: (complained: 0.3, quiet: 0.3), refundAfter: .review((2 * hour)...(10 * hour)))
        let ledger = gang.play(on: targets, by: accounts, in: window, context: &context, log: &log)
        return ScenarioTruth(
            scenario: .slowGang, subjectShopIDs: targets.map(\.id).sorted(), start: ledger.first,
            end: ledger.last, attackOrderIDs: ledger.orderIDs, attackBuyerIDs: ledger.accounts.sorted(), benign: false,
            expectedRules: ["fingerprint_ring"])
    }
}
