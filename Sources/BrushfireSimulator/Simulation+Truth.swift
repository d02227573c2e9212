import BrushfireCore

extension Simulation {
    /// What was planted, as one JSON document: the run's parameters and one object per story.
    public func truthJSON(scenario: ScenarioName, options: SimulationOptions) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("scenario")
        w.string(scenario.rawValue)
        w.key("seed")
        if let seed = Int64(exactly: options.seed) { w.integer(seed) } else { w.string(String(options.seed)) }
        w.key("days")
        w.integer(Int64(options.days))
        w.key("shops")
        w.integer(Int64(options.shops))
        w.key("events")
        w.integer(Int64(events.count))
        w.key("truth")
        w.beginArray()
        for story in truth { story.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.output
    }
}

extension ScenarioTruth {
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("scenario")
        w.string(scenario.rawValue)
        w.key("benign")
        w.bool(benign)
        w.key("expected_rules")
        w.stringArray(expectedRules)
        w.key("subject_shop_ids")
        w.stringArray(subjectShopIDs)
        w.key("start")
        w.string(ChinaTime.format(start))
        w.key("end")
        w.string(ChinaTime.format(end))
        w.key("start_ms")
        w.integer(start)
        w.key("end_ms")
        w.integer(end)
        w.key("attack_order_count")
        w.integer(Int64(attackOrderIDs.count))
        w.key("attack_buyer_count")
        w.integer(Int64(attackBuyerIDs.count))
        w.key("attack_order_ids")
        w.stringArray(attackOrderIDs)
        w.key("attack_buyer_ids")
        w.stringArray(attackBuyerIDs)
        w.endObject()
    }
}
