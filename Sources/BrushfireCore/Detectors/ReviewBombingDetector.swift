extension Engine {
    /// `review_bombing`: a shop receiving a burst of 1–2 star reviews, far above its usual rate, mostly from
    /// accounts that are new or linked to others by a shared phone or door. A faulty batch draws angry reviews
    /// too, but from the shop's established buyers.
    mutating func evaluateReviewBombing(_ shop: Int32, at time: Int64) {
        let rules = self.rules.reviewBombing
        guard var reviews = rings.shopReviews[shop] else { return }
        let since = time - rules.window
        if let first = reviews.recent.first, first.time < since { reviews.recent.removeAll { $0.time < since } }
        let count = reviews.recent.count
        let suspicious = reviews.recent.reduce(0) { $0 + ($1.isNew || $1.isLinked ? 1 : 0) }
        let fresh = reviews.recent.reduce(0) { $0 + ($1.isNew ? 1 : 0) }
        let linked = reviews.recent.reduce(0) { $0 + ($1.isLinked ? 1 : 0) }
        let share = Double(suspicious) / Double(max(count, 1))
        let expected = reviews.perHour * Double(rules.window) / 3_600_000
        let ratio = Double(count) / max(expected, 0.5)
        let holds = count >= rules.minReviews && ratio >= rules.minRatio && share >= rules.minSuspiciousShare
        let key = IncidentKey(rule: RuleName.reviewBombing, subject: shops[Int(shop)].id)
        let open = incidents[key]?.isOpen == true
        guard holds || open else {
            rings.shopReviews[shop] = reviews
            return
        }
        if holds {
            for review in reviews.recent where reviews.bombingCited.count < OpenBurst.evidenceLimit {
                if !reviews.bombingCited.contains(where: { $0.order == review.order }) {
                    reviews.bombingCited.append(review)
                }
            }
        }
        let cited = reviews.bombingCited
        let shopID = shops[Int(shop)].id
        let subject = AlertSubject(kind: .shop, id: shopID)
        let severity: Severity = count >= rules.highReviews ? .high : .medium
        let usual = reviews.perHour
        drive(
            key, holds: holds, at: time, windowStart: since, count: count, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            if status == .resolved, let last = Alert.resolving(incident, at: time) { return last }
            let summary =
                "\(shopID) received \(Say.count(count, "1–2 star review")) in \(Say.duration(rules.window)), "
                + "\(Say.ratio(ratio)) its usual \(JSONWriter.formatNumber((usual * 10).rounded() / 10)) an hour; "
                + "\(Say.percent(share)) of the reviewers are new accounts or share a phone or address with other "
                + "accounts: likely review bombing — hold these reviews for moderation"
            var buyers: [String] = []
            for review in cited where !buyers.contains(review.buyer) { buyers.append(review.buyer) }
            return Alert(
                alertID: incident.alertID, rule: RuleName.reviewBombing, severity: incident.severity, status: status,
                subject: subject, windowStart: since, windowEnd: time, eventTime: time,
                metrics: [
                    AlertMetric("negative_reviews", count),
                    AlertMetric("expected_reviews", (expected * 10).rounded() / 10),
                    AlertMetric("rate_ratio", (ratio * 10).rounded() / 10),
                    AlertMetric("new_accounts", fresh),
                    AlertMetric("linked_accounts", linked),
                    AlertMetric("suspicious_share", (share * 1000).rounded() / 1000),
                ],
                evidenceOrderIDs: cited.map(\.order), evidenceBuyerIDs: buyers, summary: summary)
        }
        reviews.bombingOpen = incidents[key]?.isOpen == true
        if !reviews.bombingOpen { reviews.bombingCited = [] }
        rings.shopReviews[shop] = reviews
    }
}
