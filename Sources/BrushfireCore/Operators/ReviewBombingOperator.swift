/// `review_bombing`: a shop receiving a burst of 1–2 star reviews, far above its usual rate, mostly from accounts
/// that are new or linked to others by a shared phone or door. A faulty batch draws angry reviews too, but from
/// the shop's established buyers.
///
/// Owns each reviewed shop's recent negative reviews and its hourly baseline of them; fed each negative review as
/// enrichment judged it (new account? linked?), evaluated at pane boundaries.
struct ReviewBombingOperator: Sendable {
    let rules: Rules.ReviewBombing

    /// What the rule keeps per shop.
    struct State: Sendable {
        /// Negative reviews within the window, oldest first.
        var recent: [NegativeReview] = []
        /// Negative reviews per hour, an exponentially weighted mean over closed hours.
        var perHour = 0.0
        var hoursClosed = 0
        var hour: Int64
        var hourCount = 0
        /// While an incident is open: the reviews it has cited so far.
        var cited: [NegativeReview] = []
        var open = false

        init(at time: Int64) {
            hour = time / 3_600_000
        }

        /// Closes finished hours into the baseline; an hour under a bombing counts only what normal could explain.
        mutating func roll(to time: Int64) {
            let now = time / 3_600_000
            guard now > hour else { return }
            var count = Double(hourCount)
            if open { count = min(count, 3 * perHour + 2) }
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

        mutating func expire(since: Int64) {
            if let first = recent.first, first.time < since { recent.removeAll { $0.time < since } }
        }

        var isIdle: Bool { recent.isEmpty && !open }
    }

    /// The figures a `review_bombing` alert reports (see `ReviewBombingOperator+Alert.swift`).
    struct Figures: Sendable {
        var shopID: String
        var time: Int64
        var window: Int64
        var count: Int
        var expected: Double
        var ratio: Double
        var usual: Double
        var fresh: Int
        var linked: Int
        var share: Double
        var cited: [NegativeReview]
    }

    func observe(_ review: NegativeReview, _ state: inout State) {
        state.roll(to: review.time)
        state.hourCount += 1
        state.recent.append(review)
    }

    func evaluate(_ state: inout State, shopID: String, at time: Int64, incidents: inout IncidentTracker) {
        let since = time - rules.window
        state.expire(since: since)
        let count = state.recent.count
        let suspicious = state.recent.reduce(0) { $0 + ($1.isNew || $1.isLinked ? 1 : 0) }
        let fresh = state.recent.reduce(0) { $0 + ($1.isNew ? 1 : 0) }
        let linked = state.recent.reduce(0) { $0 + ($1.isLinked ? 1 : 0) }
        let share = Double(suspicious) / Double(max(count, 1))
        let expected = state.perHour * Double(rules.window) / 3_600_000
        let ratio = Double(count) / max(expected, 0.5)
        let holds = count >= rules.minReviews && ratio >= rules.minRatio && share >= rules.minSuspiciousShare
        let key = IncidentKey(rule: RuleName.reviewBombing, subject: shopID)
        guard holds || incidents.isOpen(key) else { return }
        if holds {
            for review in state.recent where state.cited.count < OpenBurst.evidenceLimit {
                if !state.cited.contains(where: { $0.order == review.order }) { state.cited.append(review) }
            }
        }
        let finding = Finding(
            key: key, subject: AlertSubject(kind: .shop, id: shopID), holds: holds, windowStart: since, count: count,
            severity: count >= rules.highReviews ? .high : .medium, resolveAfter: rules.resolveAfter,
            resolvesWithLastAlert: true,
            figures: Figures(
                shopID: shopID, time: time, window: rules.window, count: count, expected: expected, ratio: ratio,
                usual: state.perHour, fresh: fresh, linked: linked, share: share, cited: state.cited))
        state.open = incidents.drive(finding, at: time, alert: Self.alert)
        if !state.open { state.cited = [] }
    }
}
