extension Engine {
    /// Runs the operators at pane boundary `time`: every shop touched since the last tick and every shop with
    /// something open, then the identity side. Order is deterministic: shops in the order they were first touched.
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
        evaluateRings(at: time)
    }

    /// Open incidents, most severe first, then oldest first.
    public var openIncidents: [Incident] { incidents.open }
}
