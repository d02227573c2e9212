/// The stories the simulator can tell on top of ordinary marketplace traffic.
public enum ScenarioName: String, CaseIterable, Sendable {
    /// Ordinary traffic only.
    case background
    /// A competitor's click farm: 2,000 refunded orders for one cheap item at a rival shop in 30 minutes.
    case reverseBrushing = "reverse-brushing"
    /// Benign: an established shop's sale, thousands of orders in an hour from its regular buyers.
    case flashSale = "flash-sale"
    /// Benign: a shop with no history suddenly gets thousands of orders from real buyers.
    case viralNewShop = "viral-new-shop"
    /// Linked accounts ordering, leaving 1-star reviews and extorting 100+ shops.
    case extortionRing = "extortion-ring"
    /// Linked accounts claiming hundreds of refunds across dozens of shops.
    case refundRing = "refund-ring"
    /// A burst of 1-star reviews on one shop from new or linked accounts.
    case reviewBombing = "review-bombing"
    /// A shop whose 1-star reviewers soon file harassment complaints against it.
    case retaliation
    /// Benign: a dormitory, an office front desk and a pickup locker shared by dozens of honest accounts.
    case sharedDorm = "shared-dorm"
    /// Benign: a small shop's livestream, hundreds of orders in minutes, mostly from new accounts shipping home.
    case livestreamSale = "livestream-sale"
    /// Reverse brushing of one cheap item inside an honest promotion at the same shop.
    case promotionBrushing = "promotion-brushing"
    /// Reverse brushing to complete, well-formed addresses: new accounts and accounts shipping to other people.
    case cleanBrushing = "clean-brushing"
    /// Fake orders at three times the shop's rate, spread over five hours.
    case slowDrip = "slow-drip"
    /// A burst of 1-star reviews from accounts with ordinary histories, neither new nor linked.
    case agedReviewBombing = "aged-review-bombing"
    /// Benign: a faulty batch; the shop's own buyers review it badly as their parcels arrive.
    case faultyBatch = "faulty-batch"
    /// An extortion gang ordering once at each of 360 shops over four days, behind four phones and five doors.
    case slowGang = "slow-gang"
}
