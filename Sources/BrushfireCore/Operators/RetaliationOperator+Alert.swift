extension RetaliationOperator {
    /// The `retaliation` alert: the reviewers who complained of harassment, and how soon after their review.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let f = figures
        let summary =
            "\(Say.count(f.victims.count, "buyer")) who gave \(f.shopID) a 1–2 star review filed harassment "
            + "complaints against it, a median \(Say.duration(f.medianDelay)) after their review: likely retaliation "
            + "against reviewers — contact these buyers and review the shop's messages and calls to them"
        return Alert(
            alertID: incident.alertID, rule: RuleName.retaliation, severity: incident.severity, status: status,
            subject: AlertSubject(kind: .shop, id: f.shopID), windowStart: f.start, windowEnd: f.time,
            eventTime: f.time,
            metrics: [
                AlertMetric("reviewers_complaining", f.victims.count),
                AlertMetric("median_delay_minutes", Int(f.medianDelay / 60_000)),
            ],
            evidenceOrderIDs: f.victims.prefix(OpenBurst.evidenceLimit).map(\.order),
            evidenceBuyerIDs: f.victims.prefix(OpenBurst.evidenceLimit).map(\.buyer), summary: summary)
    }
}
