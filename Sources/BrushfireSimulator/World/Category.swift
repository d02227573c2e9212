/// A shop's line of business, which sets its prices and how often its orders are refunded.
enum Category: Int, CaseIterable, Sendable {
    case apparel, shoes, cosmetics, food, electronics, home, books, baby

    /// Share of orders refunded; clothing and shoes are returned far more often than food or books.
    var refundRate: Double {
        switch self {
        case .apparel: 0.15
        case .shoes: 0.09
        case .cosmetics: 0.04
        case .food: 0.02
        case .electronics: 0.04
        case .home: 0.035
        case .books: 0.015
        case .baby: 0.03
        }
    }

    /// Median item price in cents and the log-normal spread around it.
    var price: (median: Double, sigma: Double) {
        switch self {
        case .apparel: (12_900, 0.6)
        case .shoes: (25_900, 0.5)
        case .cosmetics: (15_900, 0.6)
        case .food: (4_990, 0.6)
        case .electronics: (39_900, 1.0)
        case .home: (6_990, 0.8)
        case .books: (4_590, 0.4)
        case .baby: (8_990, 0.7)
        }
    }

    /// How common shops of this kind are.
    var prevalence: Double {
        switch self {
        case .apparel: 15
        case .shoes: 7
        case .cosmetics: 12
        case .food: 20
        case .electronics: 10
        case .home: 16
        case .books: 8
        case .baby: 12
        }
    }
}
