/// Rules that took effect in a running engine (``Engine/stage(_:version:)``), for the driver's log.
public struct RulesChange: Sendable, Equatable {
    /// The version now in effect, and the one before (`nil`: the built-in defaults).
    public var version: String?
    public var previousVersion: String?
    /// The pane boundary (event time, epoch ms) at which they took effect.
    public var at: Int64
    /// What changed beyond thresholds: windows rebuilt, rules switched on or off.
    public var notes: [String]
}

extension Engine {
    /// Why `rules` cannot replace the running ones, or an empty list. The pane width lays out every stored window,
    /// so changing it needs a restart (from no checkpoint).
    public static func reloadProblems(from old: Rules, to new: Rules) -> [String] {
        guard new.engine.pane != old.engine.pane else { return [] }
        return [
            "engine.pane cannot change while running (\(DurationText.format(old.engine.pane)) → "
                + "\(DurationText.format(new.engine.pane))): every stored window is laid out in panes; restart "
                + "without a state checkpoint to change it"
        ]
    }

    /// Replaces the rules at the next pane boundary of event time, keeping every window, baseline and incident. A
    /// window whose length changed is rebuilt from the panes the engine keeps (a longer window counts only what
    /// was kept until it fills). An engine that has not ticked yet takes them at once. Staging again before the
    /// boundary replaces the staged rules.
    public mutating func stage(_ rules: Rules, version: String?) throws(RulesError) {
        if let problem = Self.reloadProblems(from: self.rules, to: rules).first {
            throw RulesError(line: nil, path: "engine.pane", message: problem)
        }
        stagedRules = (rules, version)
        if clock.nextTick == nil { applyStagedRules(at: processedThrough == Int64.min ? 0 : processedThrough) }
    }

    /// The version waiting for the next pane boundary, if any (`.some(nil)`: the built-in defaults).
    public var stagedRulesVersion: String?? {
        stagedRules.map { $0.version }
    }

    /// The rules changes applied since the last call.
    public mutating func takeRulesChanges() -> [RulesChange] {
        defer { rulesChanges.removeAll() }
        return rulesChanges
    }

    /// Puts the staged rules in effect at pane boundary `time`.
    mutating func applyStagedRules(at time: Int64) {
        guard let (new, version) = stagedRules else { return }
        stagedRules = nil
        let old = rules
        var notes: [String] = []
        let pane = new.engine.pane
        let oldLongest = old.orderBurst.windows.max() ?? 900_000
        let newLongest = new.orderBurst.windows.max() ?? 900_000
        let shopCapacity = Int((newLongest + pane - 1) / pane) + 1
        if !shops.isEmpty, shops[0].windows.panes.capacity != shopCapacity {
            for index in shops.indices { shops[index].windows.resize(capacity: shopCapacity) }
            notes.append(
                "order_burst: longest window \(DurationText.format(oldLongest)) → \(DurationText.format(newLongest)); "
                    + "\(shops.count) shops' windows rebuilt from the panes they keep"
                    + (newLongest > oldLongest ? " (the longer window fills as event time moves on)" : ""))
        }
        let oldHours = ClosedHours.capacity(for: old.orderBurst)
        let newHours = ClosedHours.capacity(for: new.orderBurst)
        if oldHours != newHours {
            for index in shops.indices { shops[index].windows.closedHours.capacity = newHours }
            notes.append(
                "order_burst: long windows keep \(oldHours) → \(newHours) closed hours per shop"
                    + (newHours > oldHours ? " (the longer ones fill as hours close)" : ""))
        }
        if old.refundStorm.window != new.refundStorm.window {
            let capacity = RefundStormOperator.State(rules: new.refundStorm).refunds.capacity
            for index in shops.indices { shops[index].refundStorm.refunds.resize(capacity: capacity) }
            notes.append(
                "refund_storm: window \(DurationText.format(old.refundStorm.window)) → "
                    + "\(DurationText.format(new.refundStorm.window)); \(shops.count) shops' refund panes rebuilt "
                    + "from the panes they keep")
        }
        let identityWindows: [(String, Int64, Int64)] = [
            ("fingerprint_ring", old.fingerprintRing.window, new.fingerprintRing.window),
            ("refund_abuse", old.refundAbuse.window, new.refundAbuse.window),
            ("review_bombing", old.reviewBombing.window, new.reviewBombing.window),
            ("retaliation", old.retaliation.window, new.retaliation.window),
        ]
        for (rule, before, after) in identityWindows where before != after {
            notes.append(
                "\(rule): window \(DurationText.format(before)) → \(DurationText.format(after)); counted again from "
                    + "the days and reviews kept")
        }
        let switched: [(String, Bool, Bool)] = [
            ("order_burst", old.orderBurst.enabled, new.orderBurst.enabled),
            ("reverse_brushing", old.reverseBrushing.enabled, new.reverseBrushing.enabled),
            ("refund_storm", old.refundStorm.enabled, new.refundStorm.enabled),
            ("fingerprint_ring", old.fingerprintRing.enabled, new.fingerprintRing.enabled),
            ("refund_abuse", old.refundAbuse.enabled, new.refundAbuse.enabled),
            ("review_bombing", old.reviewBombing.enabled, new.reviewBombing.enabled),
            ("retaliation", old.retaliation.enabled, new.retaliation.enabled),
        ]
        for (rule, before, after) in switched where before != after {
            notes.append(
                after
                    ? "\(rule): switched on" : "\(rule): switched off (its open incidents stay open, unevaluated)")
        }
        dedup.horizonMillis = max(new.engine.dedupHorizon, new.engine.lateness)
        dedup.maximumEntries = new.engine.dedupMaxEntries
        orders.retention = new.engine.orderMemory
        orders.maximumEntries = new.engine.orderMemoryMaxEntries
        incidents.updateGrowth = new.incidents.updateGrowth
        rules = new
        operators = ShopOperators(rules: new)
        identity = IdentityOperators(rules: new, fingerprinter: fingerprinter)
        rulesChanges.append(RulesChange(version: version, previousVersion: rulesVersion, at: time, notes: notes))
        rulesVersion = version
    }
}

extension ShopWindows {
    /// Rebuilds the per-pane counts and distinct counters for a new longest window from the panes held.
    mutating func resize(capacity: Int) {
        panes.resize(capacity: capacity)
        buyers.resize(capacity: capacity)
        phones.resize(capacity: capacity)
        addresses.resize(capacity: capacity)
    }
}

extension PaneRing {
    /// The same counts in a ring of `capacity` panes: the newest panes that fit are kept.
    mutating func resize(capacity: Int) {
        guard capacity != self.capacity else { return }
        var resized = PaneRing(paneMillis: paneMillis, capacity: capacity)
        if let newest = newestPane, let oldest = oldestPane {
            resized.advance(toPane: newest)
            var pane = max(oldest, newest - Int64(capacity) + 1)
            while pane <= newest {
                let value = value(pane: pane)
                resized.update(pane: pane) { $0 = value }
                pane += 1
            }
        }
        self = resized
    }
}

extension DistinctCounter {
    /// The same keys in a ring of `capacity` panes: keys last seen in a pane the new span holds are counted there.
    mutating func resize(capacity: Int) {
        guard capacity != ring.capacity else { return }
        var resized = DistinctCounter(paneMillis: ring.paneMillis, capacity: capacity)
        if let newest = ring.newestPane {
            resized.ring.advance(toPane: newest)
            for (key, pane) in lastSeen where resized.ring.holds(pane: pane) {
                resized.lastSeen.updateValue(pane, forKey: key)
                resized.ring.update(pane: pane) { $0 += 1 }
            }
            resized.entriesAtLastSweep = resized.lastSeen.count
        }
        self = resized
    }
}
