extension OrderBurstOperator {
    /// The `order_burst` alert for an incident: its figures, and a summary a merchant or an analyst can act on.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let f = figures
        let counts = f.counts
        let span = incident.windowEnd - incident.windowStart
        let attack = incident.severity >= .high
        var summary =
            "\(f.shopID) received \(Say.count(counts.orders)) orders in \(Say.duration(span)), "
            + (f.hasHistory
                ? "\(Say.ratio(f.ratio)) its usual rate, "
                : "with no order history to compare against, ")
            + "from \(Say.count(f.distinct.addresses)) distinct addresses"
            + (f.distinct.span < span ? " in its last \(Say.duration(f.distinct.span))" : "")
            + " (\(Say.percent(f.vague.share)) vague, usually \(Say.percent(f.vague.baseline))), "
            + "\(Say.percent(f.fresh.share)) first-time buyers, \(Say.percent(f.mismatch.share)) mismatched receivers"
        if let item = f.item {
            summary +=
                "; \(Say.count(item.orders)) of them for item \(item.id) in the last \(Say.duration(item.window)), "
                + Self.shares(item)
        } else if let excess = f.excess {
            summary += "; the \(Say.count(excess.orders)) orders above its usual rate are " + Self.shares(excess)
        }
        summary +=
            attack
            ? ": likely reverse brushing against this shop — hold shipment and keep this alert for an appeal; "
            : ": attack indicators near normal (a promotion or viral item?); "
        summary += "\(Say.count(f.refunded)) \(f.refunded == 1 ? "refund" : "refunds") yet"
        let subject = AlertSubject(kind: .shop, id: f.shopID)
        return Alert(
            alertID: incident.alertID, rule: RuleName.orderBurst, severity: incident.severity, status: status,
            subject: subject, windowStart: incident.windowStart, windowEnd: incident.windowEnd, eventTime: f.time,
            metrics: [
                AlertMetric("orders", counts.orders),
                AlertMetric("expected_orders", (f.expectedOrders * 10).rounded() / 10),
                AlertMetric("rate_ratio", (f.ratio * 10).rounded() / 10),
                AlertMetric("distinct_buyers", f.distinct.buyers),
                AlertMetric("distinct_phones", f.distinct.phones),
                AlertMetric("distinct_addresses", f.distinct.addresses),
                AlertMetric("vague_share", f.vague.share), AlertMetric("vague_baseline", f.vague.baseline),
                AlertMetric("new_buyer_share", f.fresh.share), AlertMetric("new_buyer_baseline", f.fresh.baseline),
                AlertMetric("mismatch_share", f.mismatch.share), AlertMetric("mismatch_baseline", f.mismatch.baseline),
                AlertMetric("refunded_orders", f.refunded),
                AlertMetric("has_history", f.hasHistory ? 1 : 0),
                AlertMetric("score", f.score),
            ] + Self.metrics(f.item, "item") + Self.metrics(f.excess, "excess"),
            evidenceOrderIDs: f.evidenceOrders, evidenceBuyerIDs: f.evidenceBuyers, summary: summary)
    }

    private static func shares(_ cohort: Cohort) -> String {
        "\(Say.percent(cohort.vague.share)) vague, \(Say.percent(cohort.fresh.share)) first-time buyers, "
            + "\(Say.percent(cohort.mismatch.share)) mismatched receivers"
    }

    private static func metrics(_ cohort: Cohort?, _ prefix: String) -> [AlertMetric] {
        guard let cohort else { return [] }
        return [
            AlertMetric("\(prefix)_orders", cohort.orders),
            AlertMetric("\(prefix)_vague_share", cohort.vague.share),
            AlertMetric("\(prefix)_new_buyer_share", cohort.fresh.share),
            AlertMetric("\(prefix)_mismatch_share", cohort.mismatch.share),
        ]
    }
}
