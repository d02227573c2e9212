extension Engine {
    /// `refund_storm`: a shop's refunds in a window far above what its recent orders and usual refund share
    /// explain, with a minimum count. Honest surges of orders raise the expectation with them.
    mutating func evaluateRefundStorm(_ shopIndex: Int32, at time: Int64) {
        let s = Int(shopIndex)
        let rules = self.rules.refundStorm
        let refunds = shops[s].refundPanes.sum(from: time - rules.window, to: time)
        let key = IncidentKey(rule: RuleName.refundStorm, subject: shops[s].id)
        // The common case, decided before the shop's state is copied: too few refunds and nothing open.
        let open = !incidents.isEmpty && incidents[key]?.isOpen == true
        guard refunds >= rules.minRefunds || open else { return }
        let shop = shops[s]
        let base = baselines(shop)
        let hours = Double(rules.window) / 3_600_000
        let orderLevel = max(shop.baseline.fastLevel, shop.baseline.slowLevel, shop.baseline.level)
        let expected = max(base.refunded * orderLevel, shop.baseline.refundsPerHour) * hours
        let ratio = Double(refunds) / max(expected, 0.5)
        let holds = refunds >= rules.minRefunds && ratio >= rules.minRatio
        let shopID = shop.id
        let subject = AlertSubject(kind: .shop, id: shopID)
        let severity: Severity = ratio >= 4 * rules.minRatio && refunds >= 4 * rules.minRefunds ? .high : .medium
        drive(
            key, holds: holds, at: time, windowStart: time - rules.window, count: refunds, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            Alert(
                alertID: incident.alertID, rule: RuleName.refundStorm, severity: incident.severity, status: status,
                subject: subject, windowStart: time - rules.window, windowEnd: time, eventTime: time,
                metrics: [
                    AlertMetric("refunds", refunds),
                    AlertMetric("expected_refunds", (expected * 10).rounded() / 10),
                    AlertMetric("rate_ratio", (ratio * 10).rounded() / 10),
                    AlertMetric("normal_refund_share", base.refunded),
                ],
                evidenceOrderIDs: [], evidenceBuyerIDs: [],
                summary:
                    "\(shopID) saw \(Say.count(refunds)) refunds in \(Say.duration(rules.window)), \(Say.ratio(ratio)) "
                    + "what its recent orders and usual refund share explain: check for refund abuse or a faulty batch")
        }
    }
}
