/// A partition catching up: it was idle (caught up and quiet) while the other partitions moved event time on, and
/// now delivers events behind what has been processed. Shop-keyed state lives with its shop's partition, so that
/// partition's own event time is enough for it: its shops are processed on their own clock, in the partition's
/// event-time order within the lateness, until the partition reaches the others. Its events are not refused.
struct CatchUp: Sendable {
    /// Its events waiting for the partition's own watermark.
    var buffer = ReorderBuffer()
    /// Its shops' ticks and the shops to evaluate at them.
    var clock = ShopClock()
    /// The shops it has taken over (by id: a shop may be new).
    var shops: Set<String> = []
}

extension Engine {
    /// Whether a late event from `source` can be caught up instead of refused: the partition is behind what has
    /// been processed (it was idle), the event is within the lateness of the partition's own event time, and its
    /// shop has nothing newer on the global clock (a shop is caught up by one partition, and only from where it
    /// stands).
    func admitsCatchingUp(_ event: Event, source: Int) -> Bool {
        guard let state = watermarks.sources[source], processedThrough != Int64.min else { return false }
        let t = event.timestamp
        let lateness = rules.engine.lateness
        if let highest = state.highest {
            // Late for its own partition too: out of order by more than the lateness.
            guard t >= highest - lateness else { return false }
            // A partition that keeps up holds event time back; its events are never behind it.
            guard highest - lateness < processedThrough else { return false }
        }
        if let entry = catchingUp[source], entry.shops.contains(event.shopID) { return true }
        for (other, entry) in catchingUp where other != source && entry.shops.contains(event.shopID) { return false }
        guard let index = shopIndex[event.shopID] else { return true }
        let row = shops[Int(index)]
        return !row.dirty && row.reviews?.dirty != true && row.windows.lastEvent <= t
            && !clock.watched.contains(index) && !clock.watchedReviews.contains(index)
    }

    /// Buffers an admitted event of a catching-up partition.
    mutating func catchUp(_ event: consuming Event, source: Int) {
        let t = event.timestamp
        catchingUp[source, default: CatchUp()].shops.insert(event.shopID)
        catchingUp[source, default: CatchUp()].buffer.insert(event)
        watermarks.observe(source, t)
        statistics.caughtUp += 1
    }

    /// Processes what each catching-up partition's own watermark allows, on its shops' own clock; a partition that
    /// has reached what the others processed hands its shops to the global clock and its remaining events to the
    /// main buffer. With `final` (end of input) every partition catches up completely.
    mutating func advanceCatchingUp(final: Bool) {
        guard !catchingUp.isEmpty else { return }
        let lateness = rules.engine.lateness
        for source in catchingUp.keys.sorted() {
            var own = Int64.max
            if !final, let highest = watermarks.sources[source]?.highest { own = highest - lateness }
            let through = min(own, processedThrough)
            var draining = catchingUp[source]!.buffer
            catchingUp[source]!.buffer = ReorderBuffer()
            applyingFor = source
            draining.drain(below: through) { event in
                runTicks(upTo: event.timestamp, of: source)
                apply(event)
            }
            runTicks(upTo: through, of: source)
            applyingFor = nil
            guard own >= processedThrough else {
                catchingUp[source]!.buffer = draining
                continue
            }
            // Caught up: what is left is at or after the processed time, and its shops tick with everyone's.
            draining.drain(below: Int64.max) { buffer.insert($0) }
            let caught = catchingUp.removeValue(forKey: source)!.clock
            for shop in caught.dirty where !clock.dirty.contains(shop) { clock.dirty.append(shop) }
            clock.watched.formUnion(caught.watched)
            for shop in caught.reviewed where !clock.reviewed.contains(shop) { clock.reviewed.append(shop) }
            clock.watchedReviews.formUnion(caught.watchedReviews)
        }
    }

    /// Events of catching-up partitions still waiting.
    var catchingUpEvents: Int { catchingUp.values.reduce(0) { $0 + $1.buffer.count } }
}
