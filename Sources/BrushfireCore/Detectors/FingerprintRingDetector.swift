extension Engine {
    /// `fingerprint_ring`: one phone or door behind several buyer accounts that together hit many shops with 1–2
    /// star reviews or `extortion` complaints, and a large share of its orders hit. A dormitory or an office
    /// desk has many accounts but few hits; a household has few accounts.
    mutating func checkFingerprintRing(_ key: IdentityKey, _ window: IdentityWindow, at time: Int64) {
        let rules = self.rules.fingerprintRing
        let since = time - rules.window
        let totals = window.totals(since: since)
        let accounts = window.hitAccounts.count(since: since)
        let shops = window.hitShops.count(since: since)
        let share = Double(totals.hits) / Double(max(totals.orders, 1))
        guard accounts >= rules.minAccounts, shops >= rules.minShops, Int(totals.hits) >= rules.minHits,
            share >= rules.minHitShare
        else { return }
        joinRingGroup(
            RuleName.fingerprintRing, key, window, accounts: window.hitAccounts.heldKeys(since: since),
            shops: window.hitShops.heldKeys(since: since), citations: window.citationsInOrder.filter(\.hit), at: time)
    }

    /// Opens, grows or resolves a ring group's `fingerprint_ring` incident. Severity: medium for a ring of
    /// hostile reviews, high once shops report extortion, critical when it has also hit many shops.
    mutating func driveFingerprintRing(_ group: RingGroup, _ key: IncidentKey, at time: Int64) {
        let rules = self.rules.fingerprintRing
        let accounts = group.accounts.count
        let shops = group.shops.count
        let hits = group.orders.count
        let extortion = group.extortionOrders.count
        let phones = group.count(of: .phone)
        let addresses = group.count(of: .address)
        var severity: Severity = .medium
        if extortion >= rules.highExtortion { severity = shops >= rules.criticalShops ? .critical : .high }
        let subjectWindow = rings[group.subjectKey]
        let since = time - rules.window
        let subjectTotals = subjectWindow?.totals(since: since) ?? IdentityDay(day: 0)
        let subjectAccounts = subjectWindow?.accounts.count(since: since) ?? 0
        let subjectShare = Double(subjectTotals.hits) / Double(max(subjectTotals.orders, 1))
        let subject = group.subject
        let name = Say.subject(subject)
        let start = group.firstCited
        drive(
            key, holds: group.lastHeld == time, at: time, windowStart: start, count: accounts, severity: severity,
            resolveAfter: rules.resolveAfter, subject: subject
        ) { incident, status in
            if status == .resolved, let last = Alert.resolving(incident, at: time) { return last }
            var summary =
                "\(name) links \(Say.count(accounts, "buyer account")) that hit \(Say.count(shops, "shop")) with "
                + "\(Say.count(hits, "order")) followed by 1–2 star reviews or extortion complaints "
                + "(\(Say.count(extortion, "extortion complaint")) by shops) in \(Say.duration(time - start)); "
                + "\(Say.count(phones, "shared phone")) and \(Say.count(addresses, "shared address", "shared addresses")) "
                + "tie the accounts together: "
            summary +=
                extortion > 0
                ? "likely an extortion ring — warn the shops, refuse its demands and hold refunds to these accounts"
                : "likely an organised review ring — hold these reviews and refunds for checking"
            return Alert(
                alertID: incident.alertID, rule: RuleName.fingerprintRing, severity: incident.severity, status: status,
                subject: subject, windowStart: start, windowEnd: time, eventTime: time,
                metrics: [
                    AlertMetric("linked_accounts", accounts),
                    AlertMetric("shops_hit", shops),
                    AlertMetric("hit_orders", hits),
                    AlertMetric("extortion_complaints", extortion),
                    AlertMetric("linked_phones", phones),
                    AlertMetric("linked_addresses", addresses),
                    AlertMetric("subject_accounts", subjectAccounts),
                    AlertMetric("subject_orders", Int(subjectTotals.orders)),
                    AlertMetric("subject_hit_share", (subjectShare * 1000).rounded() / 1000),
                ],
                evidenceOrderIDs: group.evidenceOrders, evidenceBuyerIDs: group.evidenceBuyers, summary: summary)
        }
    }
}
