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

        let gang = GangHits(
            reviewAfterOrder: (2 * hour)...(6 * hour), complaintChance: 0.7, complaintAfterReview: hour...(4 * hour),
            refundChance: (complained: 0.5, quiet: 1), refundAfter: .order((3 * hour)...(8 * hour)))
        let ledger = gang.play(on: hits, by: accounts, in: window, context: &context, log: &log)
        return ScenarioTruth(
            scenario: .extortionRing, subjectShopIDs: Set(hits.map(\.id)).sorted(), start: ledger.first,
            end: ledger.last, attackOrderIDs: ledger.orderIDs, attackBuyerIDs: ledger.accounts.sorted(), benign: false,
            expectedRules: ["fingerprint_ring"])
    }
}
