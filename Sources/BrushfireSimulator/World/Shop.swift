/// A shop on the simulated platform: how much traffic it draws, what it sells, what its platform shares.
struct Shop: Sendable {
    struct Item: Sendable {
        var id: String
        var priceCents: Int64
    }

    var id: String
    var category: Category
    /// Expected orders on an ordinary day.
    var dailyOrders: Double
    /// Most popular first.
    var items: [Item]
    /// This shop's channel passes on only the receiver's province (as the Tmall export does).
    var provinceOnly: Bool

    /// Popularity falls off with catalogue rank (Zipf, exponent 1).
    func itemSampler() -> WeightedSampler {
        WeightedSampler(weights: items.indices.map { 1 / Double($0 + 1) })
    }

    /// The item whose price is nearest `cents`.
    func item(pricedNear cents: Int64) -> Item {
        items.min { abs($0.priceCents - cents) < abs($1.priceCents - cents) }!
    }
}
