extension ReviewBombingOperator {
    /// The `review_bombing` alert: the burst of negative reviews against the shop's usual rate, with the reviews
    /// to hold for moderation.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let f = figures
        let summary =
            "\(f.shopID) received \(Say.count(f.count, "1–2 star review")) in \(Say.duration(f.window)), "
            + "\(Say.ratio(f.ratio)) its usual \(JSONWriter.formatNumber((f.usual * 10).rounded() / 10)) an hour; "
            + "\(Say.percent(f.share)) of the reviewers are new accounts or share a phone or address with other "
            + (f.byVolume
                ? "accounts, the rest have ordinary histories, but no faulty batch brings so many within "
                    + "\(Say.duration(f.window)): likely review bombing — hold these reviews for moderation"
                : "accounts: likely review bombing — hold these reviews for moderation")
        var buyers: [String] = []
        for review in f.cited where !buyers.contains(review.buyer) { buyers.append(review.buyer) }
        return Alert(
            alertID: incident.alertID, rule: RuleName.reviewBombing, severity: incident.severity, status: status,
            subject: AlertSubject(kind: .shop, id: f.shopID), windowStart: f.time - f.window, windowEnd: f.time,
            eventTime: f.time,
            metrics: [
                AlertMetric("negative_reviews", f.count),
                AlertMetric("expected_reviews", (f.expected * 10).rounded() / 10),
                AlertMetric("rate_ratio", (f.ratio * 10).rounded() / 10),
                AlertMetric("new_accounts", f.fresh),
                AlertMetric("linked_accounts", f.linked),
                AlertMetric("suspicious_share", (f.share * 1000).rounded() / 1000),
            ],
            evidenceOrderIDs: f.cited.map(\.order), evidenceBuyerIDs: buyers, summary: summary)
    }
}
