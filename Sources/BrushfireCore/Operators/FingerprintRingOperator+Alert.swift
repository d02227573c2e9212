extension FingerprintRingOperator {
    /// The `fingerprint_ring` alert: the linked accounts, the shops they hit and what ties them together.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let time = figures.time
        let group = figures.group
        let accounts = group.accounts.count
        let shops = group.shops.count
        let hits = group.orders.count
        let extortion = group.extortionOrders.count
        let phones = group.count(of: .phone)
        let addresses = group.count(of: .address)
        let start = group.firstCited
        var summary =
            "\(Say.subject(group.subject)) links \(Say.count(accounts, "buyer account")) that hit "
            + "\(Say.count(shops, "shop")) with \(Say.count(hits, "order")) followed by 1–2 star reviews or extortion "
            + "complaints (\(Say.count(extortion, "extortion complaint")) by shops) in \(Say.duration(time - start)); "
            + "\(Say.count(phones, "shared phone")) and \(Say.count(addresses, "shared address", "shared addresses")) "
            + "tie the accounts together: "
        summary +=
            extortion > 0
            ? "likely an extortion ring — warn the shops, refuse its demands and hold refunds to these accounts"
            : "likely an organised review ring — hold these reviews and refunds for checking"
        return Alert(
            alertID: incident.alertID, rule: RuleName.fingerprintRing, severity: incident.severity, status: status,
            subject: group.subject, windowStart: start, windowEnd: time, eventTime: time,
            metrics: [
                AlertMetric("linked_accounts", accounts),
                AlertMetric("shops_hit", shops),
                AlertMetric("hit_orders", hits),
                AlertMetric("extortion_complaints", extortion),
                AlertMetric("linked_phones", phones),
                AlertMetric("linked_addresses", addresses),
                AlertMetric("subject_accounts", figures.subjectAccounts),
                AlertMetric("subject_orders", figures.subjectOrders),
                AlertMetric("subject_hit_share", (figures.subjectShare * 1000).rounded() / 1000),
            ],
            evidenceOrderIDs: group.evidenceOrders, evidenceBuyerIDs: group.evidenceBuyers, summary: summary)
    }
}
