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
        /// Found on the volume path: too many reviews, whoever wrote them.
        var byVolume = false
    }

    func observe(_ review: NegativeReview, _ state: inout State) {
        state.roll(to: review.time)
        state.hourCount += 1
        state.recent.append(review)
    }

    /// What one window's negative reviews amount to.
    struct Tally {
        var count = 0
        var fresh = 0
        var linked = 0
        var suspicious = 0

        var share: Double { Double(suspicious) / Double(max(count, 1)) }
    }

    func tally(_ state: State, since: Int64) -> Tally {
        var tally = Tally()
        for review in state.recent where review.time >= since {
            tally.count += 1
            if review.isNew { tally.fresh += 1 }
            if review.isLinked { tally.linked += 1 }
            if review.isNew || review.isLinked { tally.suspicious += 1 }
        }
        return tally
    }

    func evaluate(_ state: inout State, shopID: String, at time: Int64, incidents: inout IncidentTracker) {
        state.expire(since: time - rules.longestWindow)
        // The suspicious path: a burst within `window`, mostly from new or linked accounts.
        var window = rules.window
        var tally = tally(state, since: time - window)
        var expected = state.perHour * Double(window) / 3_600_000
        var ratio = Double(tally.count) / max(expected, 0.5)
        var holds =
            tally.count >= rules.minReviews && ratio >= rules.minRatio && tally.share >= rules.minSuspiciousShare
        var severity: Severity = tally.count >= rules.highReviews ? .high : .medium
        var byVolume = false
        if !holds {
            // The volume path: far more negative reviews than the shop ever gets, whoever writes them.
            let volume = self.tally(state, since: time - rules.volumeWindow)
            let volumeExpected = state.perHour * Double(rules.volumeWindow) / 3_600_000
            let volumeRatio = Double(volume.count) / max(volumeExpected, 0.5)
            if volume.count >= rules.volumeMinReviews && volumeRatio >= rules.volumeMinRatio {
                holds = true
                window = rules.volumeWindow
                tally = volume
                expected = volumeExpected
                ratio = volumeRatio
                severity = volume.share >= rules.volumeHighSuspiciousShare ? .high : .medium
                byVolume = true
            }
        }
        let since = time - window
        let key = IncidentKey(rule: RuleName.reviewBombing, subject: shopID)
        guard holds || incidents.isOpen(key) else { return }
        if holds {
            for review in state.recent where review.time >= since && state.cited.count < OpenBurst.evidenceLimit {
                if !state.cited.contains(where: { $0.order == review.order }) { state.cited.append(review) }
            }
        }
        let finding = Finding(
            key: key, subject: AlertSubject(kind: .shop, id: shopID), holds: holds, windowStart: since,
            count: tally.count, severity: severity, resolveAfter: rules.resolveAfter, resolvesWithLastAlert: true,
            figures: Figures(
                shopID: shopID, time: time, window: window, count: tally.count, expected: expected, ratio: ratio,
                usual: state.perHour, fresh: tally.fresh, linked: tally.linked, share: tally.share,
                cited: state.cited, byVolume: byVolume))
        state.open = incidents.drive(finding, at: time, alert: Self.alert)
        if !state.open { state.cited = [] }
    }
}
