extension Engine {
    /// `retaliation`: a shop whose negative reviewers, one after another, file `harassment` complaints against it
    /// soon after their review — the calls and messages sellers send to make buyers withdraw a bad review.
    mutating func evaluateRetaliation(_ shop: Int32, at time: Int64, fresh: Bool) {
        let rules = self.rules.retaliation
        guard var reviews = rings.shopReviews[shop] else { return }
        let since = time - rules.window
        if let first = reviews.retaliations.first, first.complaint < since {
            reviews.retaliations.removeAll { $0.complaint < since }
        }
        let victims = reviews.retaliations
        rings.shopReviews[shop] = reviews
        let key = IncidentKey(rule: RuleName.retaliation, subject: shops[Int(shop)].id)
        let holds = victims.count >= rules.minVictims && fresh
        guard holds || incidents[key]?.isOpen == true else { return }
        let shopID = shops[Int(shop)].id
        let subject = AlertSubject(kind: .shop, id: shopID)
        let severity: Severity = victims.count >= rules.highVictims ? .high : .medium
        let delays = victims.map { $0.complaint - $0.review }.sorted()
        let median = delays.isEmpty ? 0 : delays[delays.count / 2]
        let start = victims.map(\.review).min() ?? since
        drive(
            key, holds: holds, at: time, windowStart: start, count: victims.count, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            if status == .resolved, let last = Alert.resolving(incident, at: time) { return last }
            let summary =
                "\(Say.count(victims.count, "buyer")) who gave \(shopID) a 1–2 star review filed harassment complaints "
                + "against it, a median \(Say.duration(median)) after their review: likely retaliation against "
                + "reviewers — contact these buyers and review the shop's messages and calls to them"
            return Alert(
                alertID: incident.alertID, rule: RuleName.retaliation, severity: incident.severity, status: status,
                subject: subject, windowStart: start, windowEnd: time, eventTime: time,
                metrics: [
                    AlertMetric("reviewers_complaining", victims.count),
                    AlertMetric("median_delay_minutes", Int(median / 60_000)),
                ],
                evidenceOrderIDs: victims.prefix(OpenBurst.evidenceLimit).map(\.order),
                evidenceBuyerIDs: victims.prefix(OpenBurst.evidenceLimit).map(\.buyer), summary: summary)
        }
        rings.shopReviews[shop]?.retaliationOpen = incidents[key]?.isOpen == true
    }
}
