import BrushfireCore

extension StoryContext {
    /// A receiver stitched together at random: names, phones and addresses that never belonged together,
    /// the addresses mostly vague (region only, a street with no number, "near"/"at the gate of", pickup points).
    mutating func fabricatedReceiver(phonePool: [String]) -> Receiver {
        let name =
            rng.chance(0.35)
            ? world.buyers[rng.below(world.buyers.count)].home.name : factory.name(&rng)
        let phone: String
        switch rng.below(100) {
        case 0..<55: phone = rng.pick(phonePool)
        case 55..<85: phone = world.buyers[rng.below(world.buyers.count)].home.phone
        default: phone = factory.phone(&rng)
        }
        let address: PostalAddress
        switch rng.below(100) {
        case 0..<15: address = factory.regionOnly(&rng)
        case 15..<35: address = factory.noNumber(&rng)
        case 35..<60: address = factory.landmark(&rng)
        case 60..<82: address = factory.pickup(&rng)
        default: address = factory.home(&rng)
        }
        return Receiver(
            name: name, phone: rng.pick(PhoneSpelling.allCases).spell(phone),
            address: address.spelled(rng.pick(AddressSpelling.allCases)))
    }

    /// A receiver taken from other people: another buyer's whole receiver (name, phone and complete address that
    /// belong together, just not to this account), or one stitched from two or three real buyers. Every address
    /// is complete and well formed; nothing about it is vague.
    mutating func borrowedReceiver() -> Receiver {
        let owner = world.buyers[rng.below(world.buyers.count)].home
        if rng.chance(0.5) { return owner.receiver(&rng) }
        let second = world.buyers[rng.below(world.buyers.count)].home
        let third = rng.chance(0.5) ? world.buyers[rng.below(world.buyers.count)].home : owner
        return Receiver(
            name: owner.name, phone: second.phoneSpelling.spell(second.phone),
            address: third.address.spelled(third.addressSpelling))
    }

    /// A click-farm refund of a fake order, 2–12 hours after it was placed.
    mutating func refundFake(
        order: String, at time: Int64, shop: String, buyer: String, amountCents: Int64, log: inout EventLog
    ) {
        let hour = Marketplace.hourMillis
        let reason: String? = rng.chance(0.3) ? nil : rng.pick(["不想要了", "拍错了", "不想要了"])
        log.refund(
            at: time + self.time(in: (2 * hour)...(12 * hour)), shop: shop, buyer: buyer, order: order,
            amountCents: amountCents, reason: reason)
    }

    /// A click farm's orders for one item, one per account at random times in `start ..< start + millis`, each
    /// shipping to `receiver` and refunded with probability `refundedShare`, `refundDelay` plus 2–12 hours later.
    mutating func fakeOrders(
        _ accounts: [String], shop: String, item: Shop.Item, from start: Int64, over millis: Int64,
        refundedShare: Double, refundDelay: Int64 = 0, log: inout EventLog,
        receiver: (inout StoryContext) -> Receiver
    ) -> (orderIDs: [String], times: [Int64]) {
        var orderIDs: [String] = []
        var times: [Int64] = []
        for account in accounts {
            let time = start + self.time(in: 0...(millis - 1))
            let orderID = log.order(
                at: time, shop: shop, buyer: account, item: item.id, amountCents: item.priceCents, currency: "CNY",
                receiver: receiver(&self))
            if rng.chance(refundedShare) {
                refundFake(
                    order: orderID, at: time + refundDelay, shop: shop, buyer: account, amountCents: item.priceCents,
                    log: &log)
            }
            orderIDs.append(orderID)
            times.append(time)
        }
        return (orderIDs, times)
    }
}
