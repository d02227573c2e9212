import BrushfireCore

/// Ordinary marketplace traffic over every simulated day: who buys where, when, and shipping to whom.
struct BackgroundTraffic: Sendable {
    let world: Marketplace
    let model = OrderModel()

    /// Writes the background orders and their follow-ups; returns each buyer's first order time
    /// (`Int64.max` for buyers who never ordered), so stories can tell established accounts from new ones.
    func generate(ordersPerDay: Int, log: inout EventLog, rng: inout SplitMix64) -> [Int64] {
        let shopSampler = WeightedSampler(weights: world.shops.map(\.dailyOrders))
        let buyerSampler = WeightedSampler(weights: world.buyers.map(\.activity))
        let itemSamplers = world.shops.map { $0.itemSampler() }
        var firstSeen = [Int64](repeating: .max, count: world.buyers.count)
        for day in 0..<world.days {
            let count = Int(Double(ordersPerDay) * rng.logNormal(median: 1, sigma: 0.04))
            for _ in 0..<count {
                let shopIndex = shopSampler.sample(&rng)
                let shop = world.shops[shopIndex]
                let time = world.dayStart(day) + world.rhythm.sampleOffset(&rng)
                let buyerIndex = buyerSampler.sample(&rng)
                firstSeen[buyerIndex] = min(firstSeen[buyerIndex], time)
                let buyer = world.buyers[buyerIndex]
                let receiver = usualReceiver(buyer, shop: shop, &rng)
                model.place(
                    shop: shop, item: shop.items[itemSamplers[shopIndex].sample(&rng)], buyer: buyer.id,
                    receiver: receiver, at: time, refundRate: shop.category.refundRate, log: &log, rng: &rng)
            }
        }
        return firstSeen
    }

    /// Mostly home, sometimes the office, now and then a gift shipped to somebody else.
    func usualReceiver(_ buyer: Buyer, shop: Shop, _ rng: inout SplitMix64) -> Receiver {
        let persona: Persona
        if rng.chance(0.02) {
            persona = world.buyers[rng.below(world.buyers.count)].home
        } else if let secondary = buyer.secondary, rng.chance(0.25) {
            persona = secondary
        } else {
            persona = buyer.home
        }
        return persona.receiver(&rng, provinceOnly: shop.provinceOnly)
    }
}
