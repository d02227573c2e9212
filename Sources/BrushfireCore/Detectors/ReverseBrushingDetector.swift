extension Engine {
    /// `reverse_brushing`: a burst whose orders are then refunded. The share is taken over the burst's excess
    /// orders (what normal traffic would not have placed), net of the refunds normal traffic would claim.
    mutating func evaluateReverseBrushing(_ shopIndex: Int32, at time: Int64) {
        let s = Int(shopIndex)
        let rules = self.rules.reverseBrushing
        var i = 0
        while i < shops[s].bursts.count {
            var record = shops[s].bursts[i]
            let shopID = shops[s].id
            let key = IncidentKey(rule: RuleName.reverseBrushing, subject: "\(shopID)@\(record.start)")
            let excessOrders = max(Double(record.orders) - record.expectedOrders, 1)
            let normalRefunds = record.expectedOrders * record.normalRefundShare
            let share = min(1, max(0, (Double(record.refunded) - normalRefunds) / excessOrders))
            let rawShare = Double(record.refunded) / Double(max(record.orders, 1))
            let holds = record.refunded >= rules.minRefunds && share >= rules.minRefundShare
            let expired = record.end.map { time - $0 >= rules.watch } ?? false
            if holds || incidents[key] != nil {
                let subject = AlertSubject(kind: .shop, id: shopID)
                let end = record.end ?? record.lastHeld
                let reverseHolds = !expired
                drive(
                    key, holds: reverseHolds && holds, at: time, windowStart: record.start, count: record.refunded,
                    severity: .critical, resolveAfter: expired ? 0 : Int64.max, subject: subject
                ) { incident, status in
                    let summary =
                        "\(shopID) is the likely victim of reverse brushing: \(Say.count(record.refunded)) of the "
                        + "\(Say.count(record.orders)) orders it received in \(Say.duration(end - record.start)) "
                        + "(\(Timestamp.format(record.start)) to \(Timestamp.format(end))) were refunded "
                        + "(\(Say.percent(rawShare)); \(Say.percent(share)) of the orders above its normal rate). "
                        + "Fake orders then refunds: the shop is the target, not the beneficiary — use this as appeal evidence"
                    return Alert(
                        alertID: incident.alertID, rule: RuleName.reverseBrushing, severity: .critical, status: status,
                        subject: subject, windowStart: record.start, windowEnd: end, eventTime: time,
                        metrics: [
                            AlertMetric("burst_orders", record.orders),
                            AlertMetric("expected_orders", (record.expectedOrders * 10).rounded() / 10),
                            AlertMetric("refunded_orders", record.refunded),
                            AlertMetric("refund_share", rawShare),
                            AlertMetric("excess_refund_share", share),
                            AlertMetric("normal_refund_share", record.normalRefundShare),
                        ],
                        evidenceOrderIDs: record.evidenceOrders, evidenceBuyerIDs: record.evidenceBuyers,
                        summary: summary)
                }
                record.reverseKey = key
            }
            record.refundedSinceEvaluation = false
            if expired {
                incidents[key] = nil
                shops[s].bursts.remove(at: i)
                continue
            }
            shops[s].bursts[i] = record
            i += 1
        }
    }
}
