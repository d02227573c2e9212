extension Engine {
    /// Runs the operators at pane boundary `time`, in a fixed order: the shop operators for every shop touched
    /// since the last tick and every shop with something open (shops in the order they were first touched), then
    /// the identity side, then the review operators for the shops with new reviews or complaints.
    mutating func evaluate(at time: Int64) {
        var candidates = dirtyShops
        for shop in dirtyShops { shops[Int(shop)].dirty = false }
        dirtyShops.removeAll(keepingCapacity: true)
        if !watchedShops.isEmpty {
            let dirtySet = Set(candidates)
            candidates += watchedShops.filter { !dirtySet.contains($0) }.sorted()
        }
        let context = ShopContext(platform: platform, streamStart: streamStart)
        for shop in candidates {
            let watching = operators.evaluate(&shops[Int(shop)], at: time, context: context, incidents: &incidents)
            if watching { watchedShops.insert(shop) } else { watchedShops.remove(shop) }
        }
        identity.evaluate(
            at: time, &rings, platformRefundShare: platform.refunded.value ?? 0.05, incidents: &incidents)
        evaluateReviewShops(at: time)
    }

    /// Open incidents, most severe first, then oldest first.
    public var openIncidents: [Incident] { incidents.open }

    /// Runs `review_bombing` and `retaliation` for the shops touched since the last tick and those with an open
    /// incident of either.
    mutating func evaluateReviewShops(at time: Int64) {
        guard !reviewedShops.isEmpty || !watchedReviewShops.isEmpty else { return }
        var candidates = reviewedShops
        reviewedShops.removeAll(keepingCapacity: true)
        for shop in candidates { shops[Int(shop)].reviews?.dirty = false }
        let fresh = Set(candidates)
        if !watchedReviewShops.isEmpty {
            candidates += watchedReviewShops.filter { !fresh.contains($0) }.sorted()
        }
        for shop in candidates {
            let s = Int(shop)
            guard shops[s].reviews != nil else {
                watchedReviewShops.remove(shop)
                continue
            }
            let id = shops[s].id
            let open = operators.evaluateReviews(
                &shops[s].reviews!, shopID: id, at: time, fresh: fresh.contains(shop), incidents: &incidents)
            if open { watchedReviewShops.insert(shop) } else { watchedReviewShops.remove(shop) }
        }
    }
}
