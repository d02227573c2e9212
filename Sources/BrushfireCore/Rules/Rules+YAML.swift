import Yams

/// A problem in a rules file, with where it is.
public struct RulesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var path: String
    public var message: String

    public var description: String {
        let place = line.map { "line \($0): " } ?? ""
        return path.isEmpty ? "\(place)\(message)" : "\(place)\(path): \(message)"
    }
}

extension Rules {
    /// Parses a rules file. Unknown keys, wrong types and out-of-range values are errors with line numbers.
    public static func parse(yaml text: String) throws(RulesError) -> Rules {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error)
        } catch {
            throw RulesError(line: nil, path: "", message: "not valid YAML: \(error)")
        }
        var rules = Rules()
        guard let root else { return rules }
        var reader = RulesReader()
        try reader.read(root, into: &rules)
        if !reader.errors.isEmpty { throw reader.errors[0] }
        return rules
    }

    /// Every problem in a rules file (empty when it is valid), for `brushfire rules check`.
    public static func check(yaml text: String) -> [RulesError] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return [Self.describe(error)]
        } catch {
            return [RulesError(line: nil, path: "", message: "not valid YAML: \(error)")]
        }
        guard let root else { return [] }
        var rules = Rules()
        var reader = RulesReader()
        do {
            try reader.read(root, into: &rules)
        } catch {
            return [error]
        }
        return reader.errors
    }

    private static func describe(_ error: YamlError) -> RulesError {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return RulesError(line: mark.line, path: "", message: "not valid YAML: \(error)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams sorts the keys with `Node`'s `<`, which does not order keys of different kinds, so with a key
            // that is not a plain name among them the position (and Yams's own text) changes from read to read:
            // name the keys sorted, and give the line only when every one is a plain name.
            let complex = "<uncovertable>"  // Yams's name for a key that is not a scalar
            let names = duplicates.map { $0 == complex ? "a key that is not a plain name" : "'\($0)'" }.sorted()
            return RulesError(
                line: duplicates.contains(complex) ? nil : context.mark.line, path: "",
                message: "not valid YAML: duplicate keys \(names.joined(separator: ", "))")
        default:
            return RulesError(line: nil, path: "", message: "not valid YAML: \(error)")
        }
    }
}

/// Walks the YAML tree, collecting every error rather than stopping at the first.
private struct RulesReader {
    var errors: [RulesError] = []

    mutating func fail(_ node: Node, _ path: String, _ message: String) {
        errors.append(RulesError(line: node.mark.map { $0.line }, path: path, message: message))
    }

    mutating func read(_ root: Node, into rules: inout Rules) throws(RulesError) {
        guard let mapping = root.mapping else {
            throw RulesError(line: root.mark?.line, path: "", message: "the rules file must be a mapping of sections")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "engine": section(value, key) { r, k, v, p in r.engine(k, v, p, &rules.engine) }
            case "order_burst": section(value, key) { r, k, v, p in r.orderBurst(k, v, p, &rules.orderBurst) }
            case "reverse_brushing":
                section(value, key) { r, k, v, p in r.reverseBrushing(k, v, p, &rules.reverseBrushing) }
            case "refund_storm": section(value, key) { r, k, v, p in r.refundStorm(k, v, p, &rules.refundStorm) }
            case "fingerprint_ring":
                section(value, key) { r, k, v, p in r.fingerprintRing(k, v, p, &rules.fingerprintRing) }
            case "refund_abuse": section(value, key) { r, k, v, p in r.refundAbuse(k, v, p, &rules.refundAbuse) }
            case "review_bombing":
                section(value, key) { r, k, v, p in r.reviewBombing(k, v, p, &rules.reviewBombing) }
            case "retaliation": section(value, key) { r, k, v, p in r.retaliation(k, v, p, &rules.retaliation) }
            case "incidents": section(value, key) { r, k, v, p in r.incidents(k, v, p, &rules.incidents) }
            default:
                fail(
                    keyNode, key,
                    "unknown section; expected one of engine, order_burst, reverse_brushing, refund_storm, "
                        + "fingerprint_ring, refund_abuse, review_bombing, retaliation, incidents")
            }
        }
    }

    mutating func section(_ node: Node, _ name: String, _ body: (inout RulesReader, String, Node, String) -> Bool) {
        guard let mapping = node.mapping else {
            fail(node, name, "expected a mapping of settings")
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if !body(&self, key, value, "\(name).\(key)") {
                fail(keyNode, "\(name).\(key)", "unknown setting")
            }
        }
    }

    // MARK: Sections (each returns false for an unknown key)

    mutating func engine(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.EngineSettings) -> Bool {
        switch key {
        case "lateness": duration(v, p, &s.lateness, min: 0)
        case "pane": duration(v, p, &s.pane, min: 1000)
        case "max_forward_jump": duration(v, p, &s.maxForwardJump, min: 60_000)
        case "forward_jump_confirmations": integer(v, p, &s.forwardJumpConfirmations, min: 1)
        case "max_held_events": integer(v, p, &s.maxHeldEvents, min: 1)
        case "dedup_horizon": duration(v, p, &s.dedupHorizon, min: 0)
        case "dedup_max_entries": integer(v, p, &s.dedupMaxEntries, min: 1000)
        case "order_memory": duration(v, p, &s.orderMemory, min: 60_000)
        case "order_memory_max_entries": integer(v, p, &s.orderMemoryMaxEntries, min: 1000)
        case "idle_eviction": duration(v, p, &s.idleEviction, min: 3_600_000)
        default: return false
        }
        return true
    }

    mutating func orderBurst(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.OrderBurst) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "windows": durations(v, p, &s.windows)
        case "long_windows":
            var hours = s.longWindows
            durations(v, p, &hours)
            if hours.allSatisfy({ $0 % 3_600_000 == 0 && $0 <= 86_400_000 }) {
                s.longWindows = hours
            } else {
                fail(v, p, "expected whole hours from 1h to 24h")
            }
        case "long_min_ratio": number(v, p, &s.longMinRatio, min: 1)
        case "long_min_excess": integer(v, p, &s.longMinExcess, min: 1)
        case "min_orders": integer(v, p, &s.minOrders, min: 1)
        case "min_ratio": number(v, p, &s.minRatio, min: 1)
        case "min_history": duration(v, p, &s.minHistory, min: 0)
        case "no_history_max_severity": severity(v, p, &s.noHistoryMaxSeverity)
        case "strong_indicator": number(v, p, &s.strongIndicator, min: 0, max: 1)
        case "medium_orders": integer(v, p, &s.mediumOrders, min: 1)
        case "warmup": duration(v, p, &s.warmup, min: 0)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func reverseBrushing(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.ReverseBrushing) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "min_refund_share": number(v, p, &s.minRefundShare, min: 0, max: 1)
        case "min_refunds": integer(v, p, &s.minRefunds, min: 1)
        case "watch": duration(v, p, &s.watch, min: 3_600_000)
        default: return false
        }
        return true
    }

    mutating func refundStorm(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.RefundStorm) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "window": duration(v, p, &s.window, min: 60_000)
        case "min_refunds": integer(v, p, &s.minRefunds, min: 1)
        case "min_ratio": number(v, p, &s.minRatio, min: 1)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func fingerprintRing(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.FingerprintRing) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "window": duration(v, p, &s.window, min: 3_600_000)
        case "min_accounts": integer(v, p, &s.minAccounts, min: 2)
        case "min_shops": integer(v, p, &s.minShops, min: 1)
        case "min_hits": integer(v, p, &s.minHits, min: 1)
        case "min_hit_share": number(v, p, &s.minHitShare, min: 0, max: 1)
        case "high_extortion": integer(v, p, &s.highExtortion, min: 1)
        case "critical_shops": integer(v, p, &s.criticalShops, min: 1)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func refundAbuse(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.RefundAbuse) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "window": duration(v, p, &s.window, min: 3_600_000)
        case "min_refunds": integer(v, p, &s.minRefunds, min: 1)
        case "min_shops": integer(v, p, &s.minShops, min: 1)
        case "min_refund_share": number(v, p, &s.minRefundShare, min: 0, max: 1)
        case "min_ratio": number(v, p, &s.minRatio, min: 1)
        case "high_refunds": integer(v, p, &s.highRefunds, min: 1)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func reviewBombing(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.ReviewBombing) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "window": duration(v, p, &s.window, min: 300_000)
        case "min_reviews": integer(v, p, &s.minReviews, min: 1)
        case "min_ratio": number(v, p, &s.minRatio, min: 1)
        case "min_suspicious_share": number(v, p, &s.minSuspiciousShare, min: 0, max: 1)
        case "new_account_age": duration(v, p, &s.newAccountAge, min: 0)
        case "linked_accounts": integer(v, p, &s.linkedAccounts, min: 2)
        case "high_reviews": integer(v, p, &s.highReviews, min: 1)
        case "volume_window": duration(v, p, &s.volumeWindow, min: 300_000)
        case "volume_min_reviews": integer(v, p, &s.volumeMinReviews, min: 1)
        case "volume_min_ratio": number(v, p, &s.volumeMinRatio, min: 1)
        case "volume_high_suspicious_share": number(v, p, &s.volumeHighSuspiciousShare, min: 0, max: 1)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func retaliation(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.Retaliation) -> Bool {
        switch key {
        case "enabled": boolean(v, p, &s.enabled)
        case "within": duration(v, p, &s.within, min: 60_000)
        case "window": duration(v, p, &s.window, min: 3_600_000)
        case "min_victims": integer(v, p, &s.minVictims, min: 1)
        case "high_victims": integer(v, p, &s.highVictims, min: 1)
        case "resolve_after": duration(v, p, &s.resolveAfter, min: 0)
        default: return false
        }
        return true
    }

    mutating func incidents(_ key: String, _ v: Node, _ p: String, _ s: inout Rules.Incidents) -> Bool {
        switch key {
        case "update_growth": number(v, p, &s.updateGrowth, min: 1.01)
        case "locale": locale(v, p, &s.locale)
        default: return false
        }
        return true
    }

    // MARK: Values

    mutating func boolean(_ node: Node, _ path: String, _ target: inout Bool) {
        guard let value = node.bool else { return fail(node, path, "expected true or false") }
        target = value
    }

    mutating func integer(_ node: Node, _ path: String, _ target: inout Int, min: Int) {
        guard let value = node.int else { return fail(node, path, "expected a whole number") }
        guard value >= min else { return fail(node, path, "must be at least \(min)") }
        target = value
    }

    mutating func number(_ node: Node, _ path: String, _ target: inout Double, min: Double, max: Double? = nil) {
        guard let value = node.float ?? node.int.map(Double.init) else { return fail(node, path, "expected a number") }
        guard value >= min else { return fail(node, path, "must be at least \(min)") }
        if let max, value > max { return fail(node, path, "must be at most \(max)") }
        target = value
    }

    mutating func severity(_ node: Node, _ path: String, _ target: inout Severity) {
        guard let name = node.string, let value = Severity(name: name) else {
            return fail(node, path, "expected one of info, low, medium, high, critical")
        }
        target = value
    }

    mutating func locale(_ node: Node, _ path: String, _ target: inout AlertLocale) {
        guard let name = node.string, let value = AlertLocale(rawValue: name) else {
            return fail(node, path, "expected one of \(AlertLocale.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        target = value
    }

    mutating func duration(_ node: Node, _ path: String, _ target: inout Int64, min: Int64) {
        guard let value = Self.parseDuration(node) else {
            return fail(node, path, "expected a duration such as 90s, 2m, 1h or 3d (or milliseconds)")
        }
        guard value >= min else { return fail(node, path, "must be at least \(min) ms") }
        target = value
    }

    mutating func durations(_ node: Node, _ path: String, _ target: inout [Int64]) {
        guard let items = node.sequence, !items.isEmpty else {
            return fail(node, path, "expected a non-empty list of durations")
        }
        var values: [Int64] = []
        for item in items {
            guard let value = Self.parseDuration(item), value >= 1000 else {
                return fail(item, path, "expected a duration of at least 1s such as 90s, 5m or 1h")
            }
            values.append(value)
        }
        target = values.sorted()
    }

    static func parseDuration(_ node: Node) -> Int64? {
        if let ms = node.int { return ms >= 0 ? Int64(ms) : nil }
        guard let text = node.string else { return nil }
        return DurationText.parse(text)
    }
}

/// Durations in rules and configuration files: `250ms`, `90s`, `2m`, `1h`, `3d`.
public enum DurationText {
    /// The shortest exact spelling of a duration: `90s`, `15m`, `3d`, `250ms`.
    public static func format(_ ms: Int64) -> String {
        if ms != 0, ms % 86_400_000 == 0 { return "\(ms / 86_400_000)d" }
        if ms != 0, ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms != 0, ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    public static func parse(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if let value = Int64(number), value >= 0 { return value * scale }
            if let value = Double(number), value >= 0, value.isFinite { return Int64(value * Double(scale)) }
        }
        return nil
    }
}
