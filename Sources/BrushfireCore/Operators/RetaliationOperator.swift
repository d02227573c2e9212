/// `retaliation`: a shop whose negative reviewers, one after another, file `harassment` complaints against it
/// soon after their review — the calls and messages sellers send to make buyers withdraw a bad review.
///
/// Owns each reviewed shop's recent reviewers and the retaliations seen; fed negative reviews and buyers'
/// harassment complaints, evaluated at pane boundaries.
struct RetaliationOperator: Sendable {
    let rules: Rules.Retaliation

    /// What the rule keeps per shop.
    struct State: Sendable {
        /// Latest negative review time per reviewer (stable hash of the buyer id), within `retaliation.within`.
        var reviewers: [UInt64: Int64] = [:]
        var retaliations: [Retaliated] = []
        var open = false

        mutating func expire(reviewersSince: Int64, retaliationsSince: Int64) {
            if reviewers.count > 16 { reviewers = reviewers.filter { $0.value >= reviewersSince } }
            if let first = retaliations.first, first.complaint < retaliationsSince {
                retaliations.removeAll { $0.complaint < retaliationsSince }
            }
        }

        var isIdle: Bool { reviewers.isEmpty && retaliations.isEmpty && !open }
    }

    /// The figures a `retaliation` alert reports (see `RetaliationOperator+Alert.swift`).
    struct Figures: Sendable {
        var shopID: String
        var time: Int64
        var start: Int64
        var victims: [Retaliated]
        var medianDelay: Int64
    }

    func observeReview(by buyer: UInt64, at time: Int64, _ state: inout State) {
        state.reviewers[buyer] = time
    }

    /// A buyer's harassment complaint against the shop: a retaliation when it follows the buyer's own negative
    /// review within `retaliation.within`, counted once per buyer. Returns whether it was one.
    func observeHarassment(
        by buyer: (id: String, key: UInt64), order: String, at time: Int64, _ state: inout State
    ) -> Bool {
        guard let reviewed = state.reviewers[buyer.key], time - reviewed <= rules.within,
            !state.retaliations.contains(where: { $0.buyerKey == buyer.key })
        else { return false }
        state.retaliations.append(
            Retaliated(buyer: buyer.id, buyerKey: buyer.key, order: order, review: reviewed, complaint: time))
        return true
    }

    /// Evaluates the shop; `fresh` when a review or complaint arrived since the last tick (only new evidence
    /// opens or grows an incident).
    func evaluate(
        _ state: inout State, shopID: String, at time: Int64, fresh: Bool, incidents: inout IncidentTracker
    ) {
        let since = time - rules.window
        if let first = state.retaliations.first, first.complaint < since {
            state.retaliations.removeAll { $0.complaint < since }
        }
        let victims = state.retaliations
        let key = IncidentKey(rule: RuleName.retaliation, subject: shopID)
        let holds = victims.count >= rules.minVictims && fresh
        guard holds || incidents.isOpen(key) else { return }
        let delays = victims.map { $0.complaint - $0.review }.sorted()
        let finding = Finding(
            key: key, subject: AlertSubject(kind: .shop, id: shopID), holds: holds,
            windowStart: victims.map(\.review).min() ?? since, count: victims.count,
            severity: victims.count >= rules.highVictims ? .high : .medium, resolveAfter: rules.resolveAfter,
            resolvesWithLastAlert: true,
            figures: Figures(
                shopID: shopID, time: time, start: victims.map(\.review).min() ?? since, victims: victims,
                medianDelay: delays.isEmpty ? 0 : delays[delays.count / 2]))
        state.open = incidents.drive(finding, at: time, alert: Self.alert)
    }
}
