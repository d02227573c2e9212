/// Where one stream of shop-keyed event time stands: the next pane boundary at which its shops are evaluated, the
/// shops touched since the last one, and those with something open. The engine has one for the shops of every
/// partition that keeps up, and one for each partition catching up after it was idle.
struct ShopClock: Sendable {
    /// The next pane boundary at which the shop operators run.
    var nextTick: Int64?
    /// Shops with events since their last evaluation, in the order they were touched.
    var dirty: [Int32] = []
    /// Shops with open incidents or bursts whose refunds are still traced.
    var watched: Set<Int32> = []
    /// Shops with a negative review or harassment complaint since the last tick, in the order they came.
    var reviewed: [Int32] = []
    /// Shops with an open `review_bombing` or `retaliation` incident.
    var watchedReviews: Set<Int32> = []

    var isQuiet: Bool { dirty.isEmpty && watched.isEmpty }

    /// Follows the shops' new indices after some were removed (`-1`: removed).
    mutating func renumber(_ renumbered: [Int32]) {
        func map(_ index: Int32) -> Int32? { renumbered[Int(index)] >= 0 ? renumbered[Int(index)] : nil }
        dirty = dirty.compactMap(map)
        watched = Set(watched.compactMap(map))
        reviewed = reviewed.compactMap(map)
        watchedReviews = Set(watchedReviews.compactMap(map))
    }
}

extension Engine {
    /// Runs every tick of a clock at or before `time` (ticks are pane boundaries of event time): the global
    /// clock's (`source` nil), or a catching-up partition's.
    mutating func runTicks(upTo time: Int64, of source: Int?) {
        let pane = rules.engine.pane
        guard var tick = shopClock(source).nextTick else {
            setNextTick((time / pane + 1) * pane, of: source)
            return
        }
        while tick <= time {
            if source == nil, stagedRules != nil { applyStagedRules(at: tick) }
            let emitted = incidents.output.count
            if source == nil { evaluate(at: tick) } else { evaluateShopSide(at: tick, of: source) }
            if trace != nil { traceAlerts(emittedSince: emitted) }
            tick += pane
            if shopClock(source).isQuiet && tick <= time {
                // Nothing to evaluate in a quiet stretch: jump to the last boundary before `time`.
                tick = max(tick, (time / pane) * pane)
            }
        }
        setNextTick(tick, of: source)
    }

    func shopClock(_ source: Int?) -> ShopClock {
        guard let source else { return clock }
        return catchingUp[source]?.clock ?? ShopClock()
    }

    private mutating func setNextTick(_ tick: Int64, of source: Int?) {
        if let source { catchingUp[source]?.clock.nextTick = tick } else { clock.nextTick = tick }
    }

    /// Queues a shop for its clock's next tick.
    mutating func markDirty(_ shop: Int32) {
        guard !shops[Int(shop)].dirty else { return }
        shops[Int(shop)].dirty = true
        if let source = applyingFor { catchingUp[source]!.clock.dirty.append(shop) } else { clock.dirty.append(shop) }
    }

    /// Runs the operators at pane boundary `time` of the global clock, in a fixed order: the shop operators for
    /// every shop touched since the last tick and every shop with something open (shops in the order they were
    /// first touched), then the identity side (first applying the observations made since the last tick), then
    /// the review operators for the shops with new reviews or complaints.
    mutating func evaluate(at time: Int64) {
        evaluateShops(at: time, of: nil)
        identityStage.drain(before: time, identity, &rings)
        identity.evaluate(
            at: time, &rings, platformRefundShare: platform.refunded.value ?? 0.05, incidents: &incidents)
        evaluateReviewShops(at: time, of: nil)
    }

    /// A tick of a catching-up partition: its shops only (the identity side runs on the global clock).
    mutating func evaluateShopSide(at time: Int64, of source: Int?) {
        evaluateShops(at: time, of: source)
        evaluateReviewShops(at: time, of: source)
    }

    private mutating func takeClock(_ source: Int?) -> ShopClock {
        if let source {
            let taken = catchingUp[source]?.clock ?? ShopClock()
            catchingUp[source]?.clock = ShopClock()
            return taken
        }
        let taken = clock
        clock = ShopClock()
        return taken
    }

    private mutating func putClock(_ value: ShopClock, _ source: Int?) {
        if let source { catchingUp[source]?.clock = value } else { clock = value }
    }

    mutating func evaluateShops(at time: Int64, of source: Int?) {
        var clock = takeClock(source)
        defer { putClock(clock, source) }
        var candidates = clock.dirty
        for shop in clock.dirty { shops[Int(shop)].dirty = false }
        clock.dirty.removeAll(keepingCapacity: true)
        if !clock.watched.isEmpty {
            let dirtySet = Set(candidates)
            candidates += clock.watched.filter { !dirtySet.contains($0) }.sorted()
        }
        let context = ShopContext(platform: platform, streamStart: streamStart)
        for shop in candidates {
            let watching = operators.evaluate(&shops[Int(shop)], at: time, context: context, incidents: &incidents)
            if watching { clock.watched.insert(shop) } else { clock.watched.remove(shop) }
        }
    }

    /// Open incidents, most severe first, then oldest first.
    public var openIncidents: [Incident] { incidents.open }

    /// Runs `review_bombing` and `retaliation` for the shops touched since the last tick and those with an open
    /// incident of either.
    mutating func evaluateReviewShops(at time: Int64, of source: Int?) {
        var clock = takeClock(source)
        defer { putClock(clock, source) }
        guard !clock.reviewed.isEmpty || !clock.watchedReviews.isEmpty else { return }
        var candidates = clock.reviewed
        clock.reviewed.removeAll(keepingCapacity: true)
        for shop in candidates { shops[Int(shop)].reviews?.dirty = false }
        let fresh = Set(candidates)
        if !clock.watchedReviews.isEmpty {
            candidates += clock.watchedReviews.filter { !fresh.contains($0) }.sorted()
        }
        for shop in candidates {
            let s = Int(shop)
            guard shops[s].reviews != nil else {
                clock.watchedReviews.remove(shop)
                continue
            }
            let id = shops[s].id
            let open = operators.evaluateReviews(
                &shops[s].reviews!, shopID: id, at: time, fresh: fresh.contains(shop), incidents: &incidents)
            if open { clock.watchedReviews.insert(shop) } else { clock.watchedReviews.remove(shop) }
        }
    }
}
