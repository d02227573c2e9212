/// `fingerprint_ring`: one phone or door behind several buyer accounts that together hit many shops with 1–2
/// star reviews or `extortion` complaints, and a large share of its orders hit. A dormitory or an office desk has
/// many accounts but few hits; a household has few accounts.
///
/// Checks each phone and door whose window a hit touched; keys that meet the rule join a ring group (see
/// `IdentityOperators`), whose incident this operator drives.
struct FingerprintRingOperator: Sendable {
    let rules: Rules.FingerprintRing

    /// The figures a `fingerprint_ring` alert reports (see `FingerprintRingOperator+Alert.swift`).
    struct Figures: Sendable {
        var time: Int64
        var group: RingGroup
        var subjectAccounts: Int
        var subjectOrders: Int
        var subjectShare: Double
    }

    /// Whether `window` meets the rule at `time`; if so, the accounts, shops and citations its group absorbs.
    func check(_ window: IdentityWindow, at time: Int64) -> RingGroup.Evidence? {
        let since = time - rules.window
        let totals = window.totals(since: since)
        let accounts = window.hitAccounts.count(since: since)
        let shops = window.hitShops.count(since: since)
        let share = Double(totals.hits) / Double(max(totals.orders, 1))
        guard accounts >= rules.minAccounts, shops >= rules.minShops, Int(totals.hits) >= rules.minHits,
            share >= rules.minHitShare
        else { return nil }
        return RingGroup.Evidence(
            accounts: window.hitAccounts.heldKeys(since: since), shops: window.hitShops.heldKeys(since: since),
            citations: window.citationsInOrder.filter(\.hit))
    }

    /// Opens, grows or resolves a ring group's incident. Severity: medium for a ring of hostile reviews, high once
    /// shops report extortion, critical when it has also hit many shops. Returns whether it is open afterwards.
    func drive(
        _ group: RingGroup, subjectWindow: IdentityWindow?, at time: Int64, incidents: inout IncidentTracker
    ) -> Bool {
        let shops = group.shops.count
        let extortion = group.extortionOrders.count
        var severity: Severity = .medium
        if extortion >= rules.highExtortion { severity = shops >= rules.criticalShops ? .critical : .high }
        let since = time - rules.window
        let subjectTotals = subjectWindow?.totals(since: since) ?? IdentityDay(day: 0)
        let finding = Finding(
            key: IncidentKey(rule: group.rule, subject: group.subjectID), subject: group.subject,
            holds: group.lastHeld == time, windowStart: group.firstCited, count: group.accounts.count,
            severity: severity, resolveAfter: rules.resolveAfter, resolvesWithLastAlert: true,
            figures: Figures(
                time: time, group: group, subjectAccounts: subjectWindow?.accounts.count(since: since) ?? 0,
                subjectOrders: Int(subjectTotals.orders),
                subjectShare: Double(subjectTotals.hits) / Double(max(subjectTotals.orders, 1))))
        return incidents.drive(finding, at: time, alert: Self.alert)
    }
}
