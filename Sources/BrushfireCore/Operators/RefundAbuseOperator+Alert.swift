extension RefundAbuseOperator {
    /// The `refund_abuse` alert: the refunds claimed, at how many shops, by which linked accounts.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let time = figures.time
        let group = figures.group
        let accounts = group.accounts.count
        let shops = group.shops.count
        let refunds = group.orders.count
        let phones = group.count(of: .phone)
        let addresses = group.count(of: .address)
        let start = group.firstCited
        let normal = figures.platformShare
        var summary =
            "\(Say.subject(group.subject)): \(Say.count(refunds, "refund")) claimed at \(Say.count(shops, "shop")) in "
            + "\(Say.duration(time - start)) by \(Say.count(accounts, "linked account")); "
            + "\(Say.percent(figures.subjectShare)) of its orders refunded (platform \(Say.percent(normal)))"
        if phones + addresses > 0 {
            summary +=
                ", tied together by \(Say.count(phones, "shared phone")) and "
                + Say.count(addresses, "shared address", "shared addresses")
        }
        summary += ": likely organised refund abuse — check these accounts' claims before paying out"
        return Alert(
            alertID: incident.alertID, rule: RuleName.refundAbuse, severity: incident.severity, status: status,
            subject: group.subject, windowStart: start, windowEnd: time, eventTime: time,
            metrics: [
                AlertMetric("refunded_orders", refunds),
                AlertMetric("shops", shops),
                AlertMetric("linked_accounts", accounts),
                AlertMetric("abusive_accounts", group.count(of: .buyer)),
                AlertMetric("linked_phones", phones),
                AlertMetric("linked_addresses", addresses),
                AlertMetric("subject_orders", figures.subjectOrders),
                AlertMetric("subject_refund_share", (figures.subjectShare * 1000).rounded() / 1000),
                AlertMetric("platform_refund_share", (normal * 1000).rounded() / 1000),
            ],
            evidenceOrderIDs: group.evidenceOrders, evidenceBuyerIDs: group.evidenceBuyers, summary: summary)
    }
}
