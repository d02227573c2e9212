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

/// The review operators' part of a shop's row, created at the shop's first negative review: `review_bombing`'s
/// and `retaliation`'s state, which are kept and evicted together.
struct ShopReviews: Sendable {
    var bombing: ReviewBombingOperator.State
    var retaliation = RetaliationOperator.State()
    /// A negative review or harassment complaint arrived since the shop's last evaluation.
    var dirty = false

    init(at time: Int64) {
        bombing = ReviewBombingOperator.State(at: time)
    }

    init(bombing: ReviewBombingOperator.State, retaliation: RetaliationOperator.State, dirty: Bool) {
        self.bombing = bombing
        self.retaliation = retaliation
        self.dirty = dirty
    }

    /// Forgets reviews older than `since`, reviewers older than `reviewersSince` and retaliations older than
    /// `retaliationsSince`.
    mutating func expire(reviewsSince since: Int64, reviewersSince: Int64, retaliationsSince: Int64) {
        bombing.expire(since: since)
        retaliation.expire(reviewersSince: reviewersSince, retaliationsSince: retaliationsSince)
    }

    var isIdle: Bool { bombing.isIdle && retaliation.isIdle }
}
