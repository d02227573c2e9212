extension RefundStormOperator {
    /// The `refund_storm` alert: refunds against what the shop's orders explain.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let f = figures
        return Alert(
            alertID: incident.alertID, rule: RuleName.refundStorm, severity: incident.severity, status: status,
            subject: AlertSubject(kind: .shop, id: f.shopID), windowStart: f.time - f.window, windowEnd: f.time,
            eventTime: f.time,
            metrics: [
                AlertMetric("refunds", f.refunds),
                AlertMetric("expected_refunds", (f.expected * 10).rounded() / 10),
                AlertMetric("rate_ratio", (f.ratio * 10).rounded() / 10),
                AlertMetric("normal_refund_share", f.normalShare),
            ],
            evidenceOrderIDs: [], evidenceBuyerIDs: [],
            summary:
                "\(f.shopID) saw \(Say.count(f.refunds)) refunds in \(Say.duration(f.window)), \(Say.ratio(f.ratio)) "
                + "what its recent orders and usual refund share explain: check for refund abuse or a faulty batch")
    }
}
