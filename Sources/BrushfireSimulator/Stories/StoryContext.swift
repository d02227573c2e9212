import Foundation

/// What a story may draw on: the marketplace, who has bought before and when, and its own random stream.
struct StoryContext: Sendable {
    let world: Marketplace
    /// Each background buyer's first order time, `Int64.max` if none.
    let firstSeen: [Int64]
    let model = OrderModel()
    var rng: SplitMix64
    private var nextAccount: Int

    init(world: Marketplace, firstSeen: [Int64], rng: SplitMix64) {
        self.world = world
        self.firstSeen = firstSeen
        self.rng = rng
        nextAccount = world.buyers.count + 1
    }

    var factory: PersonaFactory { world.factory }

    /// An account the platform has never seen.
    mutating func newAccountID() -> String {
        defer { nextAccount += 1 }
        return world.buyerID(nextAccount)
    }

    /// Up to `count` distinct background buyers who had ordered before `time`, in random order.
    mutating func establishedBuyers(count: Int, before time: Int64) -> [Buyer] {
        var indices = firstSeen.indices.filter { firstSeen[$0] < time }
        rng.shuffle(&indices)
        return indices.prefix(count).map { world.buyers[$0] }
    }

    /// `count` buyers who had ordered before `time`, topped up with new accounts (each with a home of its own)
    /// when the background is too small to provide them.
    mutating func regularBuyers(count: Int, before time: Int64) -> [Buyer] {
        var buyers = establishedBuyers(count: count, before: time)
        while buyers.count < count { buyers.append(newBuyer()) }
        return buyers
    }

    /// A new account shipping to its own home.
    mutating func newBuyer() -> Buyer {
        let id = newAccountID()
        let home = factory.persona(&rng, at: factory.home(&rng))
        return Buyer(id: id, home: home, secondary: nil, activity: 1)
    }

    /// The full-address shop whose ordinary daily volume is nearest `target` (on a log scale).
    func shop(nearDailyOrders target: Double) -> Shop {
        let candidates = world.shops.filter { !$0.provinceOnly && $0.dailyOrders > 0 }
        let pool = candidates.isEmpty ? world.shops : candidates
        return pool.min { abs(log(max($0.dailyOrders, 0.01) / target)) < abs(log(max($1.dailyOrders, 0.01) / target)) }!
    }

    /// `count` distinct shops chosen at random (as many as exist, if fewer).
    mutating func distinctShops(_ count: Int) -> [Shop] {
        var shops = world.shops
        rng.shuffle(&shops)
        return Array(shops.prefix(count))
    }

    /// A uniformly random instant in `range`.
    mutating func time(in range: ClosedRange<Int64>) -> Int64 {
        rng.int64(in: range)
    }
}
