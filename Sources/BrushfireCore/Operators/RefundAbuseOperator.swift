/// `refund_abuse`: an account, or a phone or door, whose orders were refunded at many shops, at a share far above
/// the platform's usual refund share. Keys that share accounts are reported as one group.
///
/// Checks each account, phone and door whose window a refund touched; keys that meet the rule join a group (see
/// `IdentityOperators`), whose incident this operator drives.
struct RefundAbuseOperator: Sendable {
    let rules: Rules.RefundAbuse

    /// The figures a `refund_abuse` alert reports (see `RefundAbuseOperator+Alert.swift`).
    struct Figures: Sendable {
        var time: Int64
        var group: RingGroup
        var subjectOrders: Int
        var subjectShare: Double
        var platformShare: Double
    }

    /// Whether `window` meets the rule at `time`, against the platform's usual refund share.
    func check(_ window: IdentityWindow, at time: Int64, platformRefundShare normal: Double) -> RingGroup.Evidence? {
        let since = time - rules.window
        let totals = window.totals(since: since)
        let shops = window.refundShops.count(since: since)
        let share = Double(totals.refunds) / Double(max(totals.orders, 1))
        guard Int(totals.refunds) >= rules.minRefunds, shops >= rules.minShops, share >= rules.minRefundShare,
            share >= rules.minRatio * normal
        else { return nil }
        return RingGroup.Evidence(
            accounts: window.refundAccounts.heldKeys(since: since), shops: window.refundShops.heldKeys(since: since),
            citations: window.citationsInOrder.filter(\.refund))
    }

    /// Opens, grows or resolves a group's incident: medium, high from `high_refunds` refunds. Returns whether it
    /// is open afterwards.
    func drive(
        _ group: RingGroup, subjectWindow: IdentityWindow?, at time: Int64, platformRefundShare normal: Double,
        incidents: inout IncidentTracker
    ) -> Bool {
        let refunds = group.orders.count
        let subjectTotals = subjectWindow?.totals(since: time - rules.window) ?? IdentityDay(day: 0)
        let finding = Finding(
            key: IncidentKey(rule: group.rule, subject: group.subjectID), subject: group.subject,
            holds: group.lastHeld == time, windowStart: group.firstCited, count: refunds,
            severity: refunds >= rules.highRefunds ? .high : .medium, resolveAfter: rules.resolveAfter,
            resolvesWithLastAlert: true,
            figures: Figures(
                time: time, group: group, subjectOrders: Int(subjectTotals.orders),
                subjectShare: Double(subjectTotals.refunds) / Double(max(subjectTotals.orders, 1)),
                platformShare: normal))
        return incidents.drive(finding, at: time, alert: Self.alert)
    }
}
