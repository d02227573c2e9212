/// How an extortion gang works one shop: order its cheapest item from one of the gang's accounts, post a 1-star
/// review a few hours later, then, by chance, an `extortion` complaint from the shop and a refund. The stories
/// differ in the delays and chances; this plays them and keeps what the truth file reports.
struct GangHits {
    /// When the review comes after the order.
    var reviewAfterOrder: ClosedRange<Int64>
    var complaintChance: Double
    /// When the shop's complaint comes after the review.
    var complaintAfterReview: ClosedRange<Int64>
    /// The chance of a refund when the shop complained, and when it did not (1 draws nothing).
    var refundChance: (complained: Double, quiet: Double)
    /// When the refund comes, after the order or after the review.
    var refundAfter: RefundAfter

    enum RefundAfter {
        case order(ClosedRange<Int64>)
        case review(ClosedRange<Int64>)
    }

    /// The gang's orders and accounts used, and the event time its hits span.
    struct Ledger {
        var orderIDs: [String] = []
        var accounts = Set<String>()
        var first = Int64.max
        var last = Int64.min
    }

    /// One hit on each of `shops`, in turn, by a random account of `accounts`, ordering in `window`.
    func play(
        on shops: [Shop], by accounts: [LinkedAccount], in window: ClosedRange<Int64>, context: inout StoryContext,
        log: inout EventLog
    ) -> Ledger {
        var ledger = Ledger()
        for shop in shops {
            let account = context.rng.pick(accounts)
            ledger.accounts.insert(account.id)
            let item = shop.items.min { $0.priceCents < $1.priceCents }!
            let orderTime = context.time(in: window)
            let orderID = log.order(
                at: orderTime, shop: shop.id, buyer: account.id, item: item.id, amountCents: item.priceCents,
                currency: "CNY", receiver: account.receiver(&context.rng))
            ledger.orderIDs.append(orderID)
            let reviewTime = orderTime + context.time(in: reviewAfterOrder)
            log.review(at: reviewTime, shop: shop.id, buyer: account.id, order: orderID, rating: 1)
            var lastEvent = reviewTime
            let complains = context.rng.chance(complaintChance)
            if complains {
                let time = reviewTime + context.time(in: complaintAfterReview)
                log.complaint(
                    at: time, shop: shop.id, buyer: account.id, filedBy: .shop, kind: .extortion, order: orderID)
                lastEvent = max(lastEvent, time)
            }
            let chance = complains ? refundChance.complained : refundChance.quiet
            if chance >= 1 || context.rng.chance(chance) {
                let time: Int64
                switch refundAfter {
                case .order(let delay): time = orderTime + context.time(in: delay)
                case .review(let delay): time = reviewTime + context.time(in: delay)
                }
                log.refund(
                    at: time, shop: shop.id, buyer: account.id, order: orderID, amountCents: item.priceCents,
                    reason: "与描述不符")
                lastEvent = max(lastEvent, time)
            }
            ledger.first = min(ledger.first, orderTime)
            ledger.last = max(ledger.last, lastEvent)
        }
        return ledger
    }
}
