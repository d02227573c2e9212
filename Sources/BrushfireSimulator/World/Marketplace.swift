import Foundation

/// The simulated platform before anything happens: its shops, its buyer population and its calendar.
struct Marketplace: Sendable {
    static let dayMillis: Int64 = 86_400_000
    static let hourMillis: Int64 = 3_600_000
    static let minuteMillis: Int64 = 60_000
    /// Days of ordinary traffic before any story starts, so that baselines exist.
    static let historyDays = 2

    let start: Int64
    let days: Int
    let shops: [Shop]
    let buyers: [Buyer]
    let factory = PersonaFactory()
    let rhythm = DailyRhythm()

    var end: Int64 { start + Int64(days) * Self.dayMillis }
    /// Midnight (China time) at the start of the last simulated day, where single-day stories happen.
    var lastDayStart: Int64 { end - Self.dayMillis }
    /// The first instant a story may use.
    var storyStart: Int64 { start + Int64(Self.historyDays) * Self.dayMillis }

    init(options: SimulationOptions, days: Int, rng: inout SplitMix64) {
        start = options.start
        self.days = days
        shops = Self.makeShops(count: max(options.shops, 1), ordersPerDay: Double(max(options.ordersPerDay, 0)), &rng)
        buyers = Self.makeBuyers(count: max(options.buyers, 1), factory: factory, &rng)
    }

    func dayStart(_ day: Int) -> Int64 { start + Int64(day) * Self.dayMillis }

    func shopID(_ number: Int) -> String { "shop-" + paddedNumber(number, width: 4) }

    func buyerID(_ number: Int) -> String { "b" + paddedNumber(number, width: 7) }

    /// Shop sizes follow log-normal quantiles (shape 2.2): a few shops take thousands of orders a day,
    /// the median one a handful.
    private static func makeShops(count: Int, ordersPerDay: Double, _ rng: inout SplitMix64) -> [Shop] {
        var weights = (0..<count).map { exp(2.2 * NormalQuantile.value((Double($0) + 0.5) / Double(count))) }
        rng.shuffle(&weights)
        let total = weights.reduce(0, +)
        let categories = WeightedSampler(weights: Category.allCases.map(\.prevalence))
        return weights.enumerated().map { index, weight in
            let id = "shop-" + paddedNumber(index + 1, width: 4)
            let category = Category.allCases[categories.sample(&rng)]
            let daily = ordersPerDay * weight / total * rng.logNormal(median: 1, sigma: 0.1)
            let itemCount = min(60, 3 + Int(daily.squareRoot() / 2) + rng.below(4))
            var items = (0..<itemCount).map { number in
                Shop.Item(id: id + "-i" + paddedNumber(number + 1, width: 2), priceCents: price(category, &rng))
            }
            if rng.chance(0.4) {
                items[rng.below(min(items.count, 3))].priceCents = rng.pick([990, 1990, 2990, 3990])
            }
            return Shop(
                id: id, category: category, dailyOrders: daily, items: items, provinceOnly: rng.chance(0.03))
        }
    }

    /// A catalogue price: log-normal around the category's median, mostly ending in .90 or .00.
    static func price(_ category: Category, _ rng: inout SplitMix64) -> Int64 {
        let yuan = max(2, Int64(rng.logNormal(median: category.price.median / 100, sigma: category.price.sigma)))
        return yuan * 100 - (rng.chance(0.6) ? 10 : 0)
    }

    private static func makeBuyers(count: Int, factory: PersonaFactory, _ rng: inout SplitMix64) -> [Buyer] {
        var buyers: [Buyer] = []
        buyers.reserveCapacity(count)
        for index in 0..<count {
            let address: PostalAddress
            if let previous = buyers.last, rng.chance(0.06) {
                address = previous.home.address  // a household: same door, own name and phone
            } else if rng.chance(0.04) {
                address = factory.pickup(&rng)
            } else {
                address = factory.home(&rng)
            }
            let home = factory.persona(&rng, at: address)
            var secondary: Persona?
            if rng.chance(0.12) {
                secondary = home
                secondary?.address = factory.office(&rng)
            }
            buyers.append(
                Buyer(
                    id: "b" + paddedNumber(index + 1, width: 7), home: home, secondary: secondary,
                    activity: rng.logNormal(median: 1, sigma: 1)))
        }
        return buyers
    }
}
