/// The engine's evidence trace (``EvidenceTrace``): off unless asked for, so that a run without evidence packs
/// pays one branch per event for it.
extension Engine {
    /// Starts recording the evidence trace; ``drainTrace()`` hands it over.
    public mutating func startTracing() {
        if trace == nil { trace = [] }
    }

    public var isTracing: Bool { trace != nil }

    /// The trace recorded since the last call.
    public mutating func drainTrace() -> [EvidenceTrace] {
        guard let recorded = trace, !recorded.isEmpty else { return [] }
        trace = []
        return recorded
    }

    mutating func traceOrder(
        _ event: Event, orderID: String, receiver: ReceiverFeatures, newBuyer: Bool, mismatched: Bool
    ) {
        trace?.append(
            .order(
                OrderTrace(
                    shopID: event.shopID, orderID: orderID, itemID: event.itemID, buyerID: event.buyerID,
                    timestamp: event.timestamp, amountCents: event.amountCents, currency: event.currency,
                    phone: receiver.phoneDisplay, address: receiver.addressDisplay, vague: receiver.vague,
                    newBuyer: newBuyer, mismatched: mismatched)))
    }

    mutating func traceRefund(_ event: Event, orderPlacedAt: Int64?) {
        trace?.append(
            .refund(
                RefundTrace(
                    shopID: event.shopID, orderID: event.orderID, timestamp: event.timestamp,
                    orderPlacedAt: orderPlacedAt)))
    }

    /// Records the shop alerts emitted since the tracker held `emittedBefore` alerts, each with its shop's
    /// baseline and minute history as they stand now.
    mutating func traceAlerts(emittedSince emittedBefore: Int) {
        let emitted = incidents.output
        guard trace != nil, emitted.count > emittedBefore else { return }
        for alert in emitted[emittedBefore...] where alert.subject.kind == .shop {
            guard let index = shopIndex[alert.subject.id] else { continue }
            let shop = shops[Int(index)].windows
            let time = alert.eventTime
            let hourStart = time / 3_600_000 * 3_600_000
            var hourly = Array(repeating: 0.0, count: 24)
            for offset in 0..<24 {
                let at = hourStart + Int64(offset) * 3_600_000
                hourly[Int((at / 3_600_000) % 24)] = expectedPerHour(shop, at: at)
            }
            let shares = shop.shares(platform)
            let baseline = BaselineTrace(
                expectedOrdersPerHour: hourly, refundsPerHour: shop.baseline.refundsPerHour,
                hoursClosed: shop.baseline.hoursClosed, vagueShare: shares.vague, newBuyerShare: shares.newBuyers,
                mismatchedShare: shares.mismatched, refundedShare: shares.refunded)
            trace?.append(
                .shopAlert(
                    alert, baseline: baseline,
                    minutes: shop.minutes.minutes(from: time - MinuteHistory.horizonMinutes * 60_000, to: time + 1)))
        }
    }
}
