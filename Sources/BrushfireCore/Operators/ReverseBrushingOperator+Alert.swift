extension ReverseBrushingOperator {
    /// The `reverse_brushing` alert: the shop as the victim, with the refunded orders as its appeal evidence.
    static func alert(_ figures: Figures, _ incident: Incident, _ status: AlertStatus) -> Alert {
        let f = figures
        let record = f.record
        let summary =
            "\(f.shopID) is the likely victim of reverse brushing: \(Say.count(record.refunded)) of the "
            + "\(Say.count(record.orders)) orders it received in \(Say.duration(f.end - record.start)) "
            + "(\(Timestamp.format(record.start)) to \(Timestamp.format(f.end))) were refunded "
            + "(\(Say.percent(f.rawShare)); \(Say.percent(f.share)) of the orders above its normal rate). "
            + "Fake orders then refunds: the shop is the target, not the beneficiary — use this as appeal evidence"
        return Alert(
            alertID: incident.alertID, rule: RuleName.reverseBrushing, severity: .critical, status: status,
            subject: AlertSubject(kind: .shop, id: f.shopID), windowStart: record.start, windowEnd: f.end,
            eventTime: f.time,
            metrics: [
                AlertMetric("burst_orders", record.orders),
                AlertMetric("expected_orders", (record.expectedOrders * 10).rounded() / 10),
                AlertMetric("refunded_orders", record.refunded),
                AlertMetric("refund_share", f.rawShare),
                AlertMetric("excess_refund_share", f.share),
                AlertMetric("normal_refund_share", record.normalRefundShare),
            ],
            evidenceOrderIDs: record.evidenceOrders, evidenceBuyerIDs: record.evidenceBuyers, summary: summary)
    }
}
