/// What became of one event offered to the engine.
public enum Admission: Sendable, Equatable {
    /// Buffered; it is processed once the watermark passes its event time.
    case accepted
    /// Its `event_id` was seen within the dedup horizon: a redelivery, ignored.
    case duplicate
    /// Further ahead of the event-time frontier than the rules allow, and not yet confirmed by the events after
    /// it: buffered without moving event time. It is processed once later events confirm the jump, once event
    /// time reaches it, or at the end of input; a lone wrong clock therefore delays nothing and loses nothing.
    case held(frontier: Int64)
    /// Older than the watermark: counted and rejected with reason `late`.
    case late(watermark: Int64)
    /// Far ahead while more than `EngineSettings.maxHeldEvents` other far-ahead events wait unconfirmed: rejected
    /// with reason `too_far_ahead` (a flood of wrong clocks must not fill memory).
    case tooFarAhead(frontier: Int64)

    /// The reject reason for events that were not accepted.
    public var rejectReason: String? {
        switch self {
        case .accepted, .duplicate, .held: nil
        case .late: "late"
        case .tooFarAhead: "too_far_ahead"
        }
    }
}

/// Counters a run reports in its summary and as metrics.
public struct EngineStatistics: Sendable, Equatable {
    public init() {}

    public var eventsByType: [Int] = Array(repeating: 0, count: EventType.allCases.count)
    public var duplicates = 0
    /// Events held because they were far ahead of event time (each is processed later all the same).
    public var held = 0
    public var late = 0
    public var tooFarAhead = 0
    /// Events behind event time from a partition that had been idle, processed on its shops' own event time.
    public var caughtUp = 0
    public var alertsByRule: [String: Int] = [:]
    public var alertsBySeverity: [Int] = Array(repeating: 0, count: Severity.allCases.count)

    public var processed: Int { eventsByType.reduce(0, +) }
}

/// The detection core: fed decoded events and event time, returns alerts. Pure and deterministic: it reads no
/// clock and does no I/O, so replay and the daemon give the same alerts for the same events.
///
/// Events are buffered until the watermark (the slowest active source's highest event time minus the allowed
/// lateness) passes them, then processed in event-time order; detectors are evaluated at pane boundaries of
/// event time. Out-of-order input within the lateness therefore gives exactly the alerts of sorted input.
public struct Engine: Sendable {
    public internal(set) var rules: Rules
    /// The version of the rules file in effect (``Rules/version(ofFile:)``), stamped on every alert; `nil` for the
    /// built-in defaults.
    public internal(set) var rulesVersion: String?
    /// Whether this engine runs shadow rules: its alerts are tagged `"shadow": true`.
    public var shadow = false
    /// Rules waiting for the next pane boundary (``stage(_:version:)``), and the changes applied since the driver
    /// last asked (``takeRulesChanges()``).
    var stagedRules: (rules: Rules, version: String?)?
    var rulesChanges: [RulesChange] = []
    public let fingerprinter: Fingerprinter
    public internal(set) var statistics = EngineStatistics()

    var watermarks = WatermarkTracker()
    var buffer = ReorderBuffer()
    var dedup: DedupHorizon
    /// The consecutive far-ahead events just held, with their sources: enough of them that agree confirm a jump.
    var jumpCandidates: [(time: Int64, source: Int)] = []
    /// Event times of held events that event time has not reached yet (they sit in the buffer unobserved), and
    /// the earliest of them.
    var heldTimes: [Int64] = []
    var heldEarliest = Int64.max
    /// Every accepted event with an event time below this has been processed.
    public internal(set) var processedThrough: Int64 = Int64.min
    var lastEvictionSweep: Int64 = 0
    /// Event time of the first event processed: shops seen near it may have history the engine never saw.
    var streamStart: Int64?

    var shopIndex: [String: Int32] = [:]
    var shops: [ShopState] = []
    var buyers = FlatTable<BuyerRecord>()
    var phones = FlatTable<PhoneRecord>()
    var orders: OrderTable
    var platform = PlatformBaseline()
    /// Every incident, open or resolved; all alerts are emitted through it.
    var incidents: IncidentTracker
    /// The shop-keyed operators (their state lives in each shop's row).
    var operators: ShopOperators
    /// The identity-keyed operators (their state is `rings`).
    var identity: IdentityOperators
    /// Identity windows, ring groups and per-shop review state for the ring detectors.
    public internal(set) var rings = RingState()
    /// The identity observations made since the last pane boundary, applied to `rings` there in canonical order.
    var identityStage = IdentityStage()
    /// The shop-keyed event time of every partition that keeps up: the next tick, the shops to evaluate there.
    var clock = ShopClock()
    /// Partitions that were idle while event time moved on and now deliver events behind it: their shops run on
    /// their own event time until they catch up.
    var catchingUp: [Int: CatchUp] = [:]
    /// The catching-up partition whose events are being applied, if any: their shops are queued on its clock.
    var applyingFor: Int?
    /// Receivers' fingerprints by their raw bytes (derived state: never checkpointed).
    var receiverCache = ReceiverCache()
    /// The evidence trace since it was last drained, when tracing (derived output: never checkpointed).
    var trace: [EvidenceTrace]?
    /// When set, every identity observation is also encoded in its wire form and counted here: what the identity
    /// topic would carry (`brushfire bench --identity-wire`). Never checkpointed.
    public var identityWire: IdentityWireMeter?

    public init(rules: Rules = .defaults, fingerprinter: Fingerprinter = .development, rulesVersion: String? = nil) {
        self.rules = rules
        self.rulesVersion = rulesVersion
        self.fingerprinter = fingerprinter
        self.dedup = DedupHorizon(
            horizonMillis: max(rules.engine.dedupHorizon, rules.engine.lateness),
            maximumEntries: rules.engine.dedupMaxEntries)
        self.orders = OrderTable(
            retention: rules.engine.orderMemory, maximumEntries: rules.engine.orderMemoryMaxEntries)
        self.incidents = IncidentTracker(updateGrowth: rules.incidents.updateGrowth, locale: rules.incidents.locale)
        self.operators = ShopOperators(rules: rules)
        self.identity = IdentityOperators(rules: rules, fingerprinter: fingerprinter)
    }

    // MARK: Event time

    /// Highest event time seen (by the slowest active source) minus the allowed lateness. A source already behind
    /// what has been processed holds nothing back: what it delivers is caught up on its own event time.
    public var watermark: Int64 {
        let lateness = rules.engine.lateness
        let floor = processedThrough > Int64.min + lateness ? processedThrough + lateness : Int64.min
        guard let time = watermarks.eventTime(ignoringBelow: floor) else { return Int64.min }
        return time - lateness
    }

    /// Declares a source (a Kafka partition) so that it holds event time back until it delivers or goes idle.
    public mutating func addSource(_ source: Int) {
        watermarks.add(source)
    }

    /// Marks a source idle (caught up, nothing arriving) so it does not hold event time back, or active again.
    public mutating func setSourceIdle(_ source: Int, _ idle: Bool) {
        watermarks.setIdle(source, idle)
    }

    /// Forgets a source (a revoked partition).
    public mutating func removeSource(_ source: Int) {
        watermarks.remove(source)
    }

    /// Number of events waiting for the watermark.
    public var bufferedEvents: Int { buffer.count + catchingUpEvents }

    // MARK: Input

    /// Offers one event read from `source` (a Kafka partition, or 0 for a file).
    public mutating func ingest(_ event: consuming Event, source: Int = 0) -> Admission {
        let t = event.timestamp
        var farAhead: Int64?
        if let frontier = watermarks.frontier, t > frontier + rules.engine.maxForwardJump {
            farAhead = frontier
            if heldTimes.count >= rules.engine.maxHeldEvents {
                statistics.tooFarAhead += 1
                return .tooFarAhead(frontier: frontier)
            }
        }
        let currentWatermark = watermark
        if t < currentWatermark || t < processedThrough {
            if farAhead == nil, admitsCatchingUp(event, source: source) {
                guard dedup.insert(StableHash.of(event.eventID), at: max(t, processedThrough)) else {
                    statistics.duplicates += 1
                    return .duplicate
                }
                catchUp(consume event, source: source)
                return .accepted
            }
            statistics.late += 1
            return .late(watermark: max(currentWatermark, processedThrough))
        }
        guard dedup.insert(StableHash.of(event.eventID), at: t) else {
            statistics.duplicates += 1
            return .duplicate
        }
        buffer.insert(consume event)
        if let frontier = farAhead {
            statistics.held += 1
            heldTimes.append(t)
            heldEarliest = min(heldEarliest, t)
            guard confirmsForwardJump(t, source: source) else { return .held(frontier: frontier) }
            // Event time really moved on: the held events that agreed with each other move it.
            for candidate in jumpCandidates { watermarks.observe(candidate.source, candidate.time) }
            jumpCandidates.removeAll(keepingCapacity: true)
            releaseHeld()
            return .accepted
        }
        watermarks.observe(source, t)
        jumpCandidates.removeAll(keepingCapacity: true)
        if heldEarliest <= t + rules.engine.maxForwardJump { releaseHeld() }
        return .accepted
    }

    /// One more event far ahead of event time: true once enough consecutive ones agree that time jumped (a
    /// quiet stretch longer than `maxForwardJump`), false while it may be a lone wrong clock. Any accepted event
    /// in between starts the count again.
    mutating func confirmsForwardJump(_ timestamp: Int64, source: Int) -> Bool {
        if let last = jumpCandidates.last, abs(timestamp - last.time) > rules.engine.maxForwardJump {
            jumpCandidates.removeAll(keepingCapacity: true)
        }
        jumpCandidates.append((timestamp, source))
        return jumpCandidates.count >= rules.engine.forwardJumpConfirmations
    }

    /// Forgets the held times that event time has come within reach of: those events are ordinary now.
    mutating func releaseHeld() {
        guard let frontier = watermarks.frontier else { return }
        let reach = frontier + rules.engine.maxForwardJump
        heldTimes.removeAll { $0 <= reach }
        heldEarliest = heldTimes.min() ?? Int64.max
    }

    /// Processes every buffered event older than the watermark and runs the detectors up to it; returns the
    /// alerts that produced.
    public mutating func advance() -> [Alert] {
        process(through: watermark)
        advanceCatchingUp(final: false)
        return drainOutput()
    }

    /// End of input: processes everything still buffered, evaluates the last pane, and returns the last alerts.
    public mutating func finish() -> [Alert] {
        advanceCatchingUp(final: true)
        guard let latest = [watermarks.frontier, buffer.latest].compactMap({ $0 }).max() else {
            return drainOutput()
        }
        let pane = rules.engine.pane
        let end = (latest / pane + 1) * pane
        process(through: end)
        return drainOutput()
    }

    mutating func drainOutput() -> [Alert] {
        var alerts = incidents.drain()
        if rulesVersion != nil || shadow {
            for index in alerts.indices {
                alerts[index].rulesVersion = rulesVersion
                alerts[index].shadow = shadow
            }
        }
        for alert in alerts {
            statistics.alertsByRule[alert.rule, default: 0] += 1
            statistics.alertsBySeverity[alert.severity.rawValue] += 1
        }
        return alerts
    }

    mutating func process(through limit: Int64) {
        guard limit > processedThrough else { return }
        // The buffer is taken out while it drains, so that its events go straight to the operators (nothing in
        // processing reads the buffer) without being copied into a list first.
        var draining = buffer
        buffer = ReorderBuffer()
        draining.drain(below: limit) { event in
            runTicks(upTo: event.timestamp, of: nil)
            apply(event)
        }
        buffer = draining
        runTicks(upTo: limit, of: nil)
        processedThrough = limit
        dedup.expire(watermark: limit)
    }
}

/// Platform-wide shares, a prior for shops whose own history is thin.
struct PlatformBaseline: Sendable {
    var hour: Int64?
    var tally = HourTally(hour: 0)
    var vague = DecayedShare()
    var newBuyers = DecayedShare()
    var mismatched = DecayedShare()
    var refunded = DecayedShare()
    /// Orders over every shop, each shop's counted only up to a few times its own expected rate for the hour (so
    /// that one shop under attack cannot pass for a platform-wide surge): this hour's so far, the last hour's, and
    /// an exponentially weighted mean by hour of day.
    var capped = 0.0
    var lastCapped: Double?
    var cappedByHourOfDay: [Double] = []
    var cappedHoursSeen: UInt32 = 0

    /// How much busier the whole platform is over the last hour than it usually is at that time of day, at least 1:
    /// on a platform-wide sale day every shop's expected rate rises with it. 1 until the platform has seen both
    /// hours of day involved, and while it expects fewer than 100 orders an hour.
    func surge(at time: Int64) -> Double {
        guard let hour, hour == time / 3_600_000, !cappedByHourOfDay.isEmpty else { return 1 }
        let now = Int(hour % 24)
        let previous = (now + 23) % 24
        guard cappedHoursSeen & (1 << UInt32(now)) != 0, cappedHoursSeen & (1 << UInt32(previous)) != 0,
            let lastCapped
        else { return 1 }
        let elapsed = Double(time - hour * 3_600_000) / 3_600_000
        let orders = capped + lastCapped * (1 - elapsed)
        let expected = cappedByHourOfDay[now] * elapsed + cappedByHourOfDay[previous] * (1 - elapsed)
        guard expected >= 100 else { return 1 }
        return max(1, orders / expected)
    }

    mutating func record(_ timestamp: Int64, _ update: (inout HourTally) -> Void) {
        let hour = timestamp / 3_600_000
        // A partition catching up delivers earlier hours: they count in the hour being tallied.
        if let current = self.hour, hour < current {
            update(&tally)
            return
        }
        if self.hour != hour {
            if let previous = self.hour {
                vague.add(tally.vague, of: tally.orders, decay: 0.95)
                newBuyers.add(tally.newBuyers, of: tally.orders, decay: 0.95)
                mismatched.add(tally.mismatched, of: tally.orders, decay: 0.95)
                refunded.add(tally.refunds, of: tally.orders, decay: 0.95)
                closeCapped(hour: previous, next: hour)
            }
            self.hour = hour
            tally = HourTally(hour: hour)
        }
        update(&tally)
    }

    /// Closes the capped count of `hour` into the hour-of-day means; hours skipped up to `next` counted nothing.
    private mutating func closeCapped(hour: Int64, next: Int64) {
        if cappedByHourOfDay.isEmpty { cappedByHourOfDay = Array(repeating: 0, count: 24) }
        var closing = hour
        var count = capped
        while closing < next && closing < hour + 24 {
            let slot = Int(closing % 24)
            let bit: UInt32 = 1 << UInt32(slot)
            if cappedHoursSeen & bit == 0 {
                cappedByHourOfDay[slot] = count
                cappedHoursSeen |= bit
            } else {
                cappedByHourOfDay[slot] += ShopBaseline.hourOfDayWeight * (count - cappedByHourOfDay[slot])
            }
            lastCapped = count
            count = 0
            closing += 1
        }
        if next - hour > 1 { lastCapped = 0 }
        capped = 0
    }
}
