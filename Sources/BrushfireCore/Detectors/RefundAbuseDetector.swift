extension Engine {
    /// `refund_abuse`: an account, or a phone or door, whose orders were refunded at many shops, at a share far
    /// above the platform's usual refund share. Keys that share accounts are reported as one group.
    mutating func checkRefundAbuse(_ key: IdentityKey, _ window: IdentityWindow, at time: Int64) {
        let rules = self.rules.refundAbuse
        let since = time - rules.window
        let totals = window.totals(since: since)
        let shops = window.refundShops.count(since: since)
        let share = Double(totals.refunds) / Double(max(totals.orders, 1))
        let normal = platform.refunded.value ?? 0.05
        guard Int(totals.refunds) >= rules.minRefunds, shops >= rules.minShops, share >= rules.minRefundShare,
            share >= rules.minRatio * normal
        else { return }
        joinRingGroup(
            RuleName.refundAbuse, key, window, accounts: window.refundAccounts.heldKeys(since: since),
            shops: window.refundShops.heldKeys(since: since), citations: window.citationsInOrder.filter(\.refund),
            at: time)
    }

    /// Opens, grows or resolves a group's `refund_abuse` incident: medium, high from `high_refunds` refunds.
    mutating func driveRefundAbuse(_ group: RingGroup, _ key: IncidentKey, at time: Int64) {
        let rules = self.rules.refundAbuse
        let accounts = group.accounts.count
        let shops = group.shops.count
        let refunds = group.orders.count
        let phones = group.count(of: .phone)
        let addresses = group.count(of: .address)
        let members = group.count(of: .buyer)
        let severity: Severity = refunds >= rules.highRefunds ? .high : .medium
        let since = time - rules.window
        let subjectTotals = rings[group.subjectKey]?.totals(since: since) ?? IdentityDay(day: 0)
        let subjectShare = Double(subjectTotals.refunds) / Double(max(subjectTotals.orders, 1))
        let normal = platform.refunded.value ?? 0.05
        let subject = group.subject
        let name = Say.subject(subject)
        let start = group.firstCited
        drive(
            key, holds: group.lastHeld == time, at: time, windowStart: start, count: refunds, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            if status == .resolved, let last = Alert.resolving(incident, at: time) { return last }
            var summary =
                "\(name): \(Say.count(refunds, "refund")) claimed at \(Say.count(shops, "shop")) in "
                + "\(Say.duration(time - start)) by \(Say.count(accounts, "linked account")); "
                + "\(Say.percent(subjectShare)) of its orders refunded (platform \(Say.percent(normal)))"
            if phones + addresses > 0 {
                summary +=
                    ", tied together by \(Say.count(phones, "shared phone")) and "
                    + Say.count(addresses, "shared address", "shared addresses")
            }
            summary += ": likely organised refund abuse — check these accounts' claims before paying out"
            return Alert(
                alertID: incident.alertID, rule: RuleName.refundAbuse, severity: incident.severity, status: status,
                subject: subject, windowStart: start, windowEnd: time, eventTime: time,
                metrics: [
                    AlertMetric("refunded_orders", refunds),
                    AlertMetric("shops", shops),
                    AlertMetric("linked_accounts", accounts),
                    AlertMetric("abusive_accounts", members),
                    AlertMetric("linked_phones", phones),
                    AlertMetric("linked_addresses", addresses),
                    AlertMetric("subject_orders", Int(subjectTotals.orders)),
                    AlertMetric("subject_refund_share", (subjectShare * 1000).rounded() / 1000),
                    AlertMetric("platform_refund_share", (normal * 1000).rounded() / 1000),
                ],
                evidenceOrderIDs: group.evidenceOrders, evidenceBuyerIDs: group.evidenceBuyers, summary: summary)
        }
    }
}
