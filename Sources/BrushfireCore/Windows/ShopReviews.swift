/// One negative (1–2 star) review, as `review_bombing` weighs it.
struct NegativeReview: Sendable, Equatable {
    var time: Int64
    var order: String
    var buyer: String
    /// The reviewer was new (first order shortly before) or linked to other accounts by a shared fingerprint.
    var isNew: Bool
    var isLinked: Bool
}

/// A harassment complaint that followed the complainant's own negative review of the shop.
struct Retaliated: Sendable, Equatable {
    var buyer: String
    var buyerKey: UInt64
    var order: String
    var review: Int64
    var complaint: Int64
}

/// What the review detectors keep per shop, created at the shop's first negative review: the recent negative
/// reviews, an hourly baseline of how many it usually gets, its recent reviewers (to recognise retaliation)
/// and the retaliations seen.
struct ShopReviews: Sendable {
    /// Negative reviews within the `review_bombing` window, oldest first.
    var recent: [NegativeReview] = []
    /// Negative reviews per hour, an exponentially weighted mean over closed hours.
    var perHour = 0.0
    var hoursClosed = 0
    var hour: Int64
    var hourCount = 0
    /// While a bombing incident is open: the reviews it has cited so far.
    var bombingCited: [NegativeReview] = []
    var bombingOpen = false
    /// Latest negative review time per reviewer (stable hash of the buyer id), within `retaliation.within`.
    var reviewers: [UInt64: Int64] = [:]
    var retaliations: [Retaliated] = []
    var retaliationOpen = false
    var dirty = false

    init(at time: Int64) {
        hour = time / 3_600_000
    }

    /// Closes finished hours into the baseline; an hour under a bombing counts only what normal could explain.
    mutating func roll(to time: Int64) {
        let now = time / 3_600_000
        guard now > hour else { return }
        var count = Double(hourCount)
        if bombingOpen { count = min(count, 3 * perHour + 2) }
        close(count)
        let empty = min(now - hour - 1, 24 * 30)
        for _ in 0..<empty { close(0) }
        hour = now
        hourCount = 0
    }

    private mutating func close(_ count: Double) {
        let alpha = hoursClosed < 24 ? 1.0 / Double(hoursClosed + 1) : 1.0 / 48
        perHour += alpha * (count - perHour)
        hoursClosed += 1
    }

    /// Forgets reviews older than `since` (keeping cited ones while an incident is open) and reviewers older
    /// than `reviewersSince`.
    mutating func expire(reviewsSince since: Int64, reviewersSince: Int64, retaliationsSince: Int64) {
        if let first = recent.first, first.time < since { recent.removeAll { $0.time < since } }
        if reviewers.count > 16 { reviewers = reviewers.filter { $0.value >= reviewersSince } }
        if let first = retaliations.first, first.complaint < retaliationsSince {
            retaliations.removeAll { $0.complaint < retaliationsSince }
        }
    }

    var isIdle: Bool {
        recent.isEmpty && reviewers.isEmpty && retaliations.isEmpty && !bombingOpen && !retaliationOpen
    }
}
