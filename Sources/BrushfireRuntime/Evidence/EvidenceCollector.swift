import BrushfireCore

/// Gathers what the evidence packs of shop incidents need from the engine's evidence trace
/// (``BrushfireCore/EvidenceTrace``), fed after every batch by replay and the daemon alike: the trace is the same
/// however the events were batched, so both give the same packs.
///
/// Memory stays bounded: every shop's orders and refunds of the last few minutes (enough to cover an order burst's
/// window before its first alert), and for the shops it tracks — from their first alert until a few days after their
/// last incident resolved — the minute counts, the masked orders placed while an incident was open and the refunds,
/// each list capped (``Limits``), the pack saying so when it is.
public struct EvidenceCollector: Sendable {
    public struct Limits: Sendable {
        /// Orders listed per tracked shop.
        public var orders = 5_000
        /// Refunds kept per tracked shop.
        public var refunds = 5_000
        /// Orders and refunds kept per untracked shop within the lookback.
        public var recent = 2_048
        /// Shops tracked at once; beyond it the one whose last alert is oldest is retired.
        public var trackedShops = 1_000
        /// Packs kept after their shop was retired (`nil`: all, as a replay wants).
        public var retiredPacks: Int? = nil
        /// Whether packs that become final are queued for ``EvidenceCollector/takeSealedPacks()`` (the daemon's
        /// evidence store takes them; a replay writes every pack at the end instead).
        public var sealsPacks = false

        public init() {}
    }

    /// An untracked shop's latest orders and refunds: at least the lookback's, trimmed in steps of half of it.
    struct Recent: Sendable {
        var orders: [OrderTrace] = []
        var refunds: [RefundTrace] = []
        var latest: Int64 = .min

        mutating func add(_ order: OrderTrace, lookback: Int64, limit: Int) {
            orders.append(order)
            latest = max(latest, order.timestamp)
            Self.trim(&orders, before: latest - lookback, lookback: lookback, limit: limit)
        }

        mutating func add(_ refund: RefundTrace, lookback: Int64, limit: Int) {
            refunds.append(refund)
            latest = max(latest, refund.timestamp)
            Self.trim(&refunds, before: latest - lookback, lookback: lookback, limit: limit)
        }

        /// Drops entries before `cutoff` once the oldest is half a lookback past it, and the oldest beyond twice
        /// `limit` (down to `limit`): a busy shop pays for a trim now and then, not on every order.
        private static func trim<Entry: Timed>(
            _ entries: inout [Entry], before cutoff: Int64, lookback: Int64, limit: Int
        ) {
            guard let first = entries.first else { return }
            guard first.time < cutoff - lookback / 2 || entries.count > 2 * limit else { return }
            var drop = 0
            while drop < entries.count, entries[drop].time < cutoff { drop += 1 }
            drop = max(drop, entries.count - limit)
            if drop > 0 { entries.removeFirst(drop) }
        }
    }

    public let rules: Rules
    public let limits: Limits
    /// How far back the untracked shops' orders reach: the longest order-burst window and two panes.
    let lookback: Int64
    /// How long a shop stays tracked after its last incident resolved: long enough for `reverse_brushing` to open
    /// on the refunds of a burst that is over.
    let retention: Int64
    var recent: [String: Recent] = [:]
    /// The tracked shops and the retired packs: all that the packs are built from.
    public private(set) var archive: EvidenceArchive
    var shops: [String: ShopEvidence] {
        get { archive.shops }
        _modify { yield &archive.shops }
    }
    /// Packs to keep beyond memory, by alert id: high or critical shop incidents that resolved, in order.
    private var sealing: [String] = []
    /// Packs of shops retired since they were last taken.
    private var retiredSinceTaken: [EvidencePack] = []
    /// The latest event time in the trace.
    public private(set) var eventTime: Int64?
    private var lastSweep: Int64?

    public init(rules: Rules, limits: Limits = Limits()) {
        self.rules = rules
        self.limits = limits
        archive = EvidenceArchive(rules: rules)
        lookback = (rules.orderBurst.windows.max() ?? 900_000) + 2 * rules.engine.pane
        retention = rules.reverseBrushing.watch + 86_400_000
    }

    /// Takes in one batch's trace, in order.
    public mutating func observe(_ trace: [EvidenceTrace]) {
        for entry in trace {
            switch entry {
            case .order(let order): observe(order)
            case .refund(let refund): observe(refund)
            case .shopAlert(let alert, let baseline, let minutes): observe(alert, baseline: baseline, minutes: minutes)
            }
            let time = entry.timestamp
            if time > eventTime ?? .min { eventTime = time }
            if let lastSweep, time - lastSweep < 600_000 { continue }
            sweep(now: time)
        }
    }

    /// The alert ids of every shop incident that reached `high` or `critical`, in the order they opened.
    public var packAlertIDs: [String] { archive.packAlertIDs }

    /// The evidence pack of the shop incident `alertID`, if it reached `high` or `critical`.
    public func pack(_ alertID: String) -> EvidencePack? { archive.pack(alertID) }

    private mutating func observe(_ order: OrderTrace) {
        if shops[order.shopID] != nil {
            shops[order.shopID]!.count(.order, at: order.timestamp)
            guard shops[order.shopID]!.listsOrders(at: order.timestamp) else { return }
            if shops[order.shopID]!.orders.count < limits.orders {
                shops[order.shopID]!.orders.append(order)
            } else {
                shops[order.shopID]!.ordersNotKept += 1
            }
            return
        }
        let (lookback, limit) = (lookback, limits.recent)
        recent[order.shopID, default: Recent()].add(order, lookback: lookback, limit: limit)
    }

    private mutating func observe(_ refund: RefundTrace) {
        if shops[refund.shopID] != nil {
            shops[refund.shopID]!.count(.refund, at: refund.timestamp)
            if shops[refund.shopID]!.refunds.count < limits.refunds {
                shops[refund.shopID]!.refunds.append(refund)
            } else {
                shops[refund.shopID]!.refundsNotKept += 1
            }
            return
        }
        let (lookback, limit) = (lookback, limits.recent)
        recent[refund.shopID, default: Recent()].add(refund, lookback: lookback, limit: limit)
    }

    private mutating func observe(_ alert: Alert, baseline: BaselineTrace, minutes: [MinuteHistory.Minute]) {
        let id = alert.subject.id
        if shops[id] == nil {
            var shop = ShopEvidence(first: alert, baseline: baseline, minutes: minutes)
            if let entry = recent.removeValue(forKey: id) {
                shop.orders = Array(entry.orders.prefix(limits.orders))
                shop.refunds = entry.refunds
            }
            shops[id] = shop
            if shops.count > limits.trackedShops,
                let oldest = shops.values.filter({ $0.shopID != id }).min(by: {
                    ($0.lastAlertAt, $0.shopID) < ($1.lastAlertAt, $1.shopID)
                })
            {
                retire(oldest.shopID)
            }
        }
        shops[id]!.record(alert)
        if limits.sealsPacks, alert.status == .resolved,
            shops[id]!.incidents.contains(where: { $0.alertID == alert.alertID && $0.severity >= .high })
        {
            sealing.append(alert.alertID)
        }
    }

    /// The packs that became final enough to store since the last call, in order: a high or critical shop
    /// incident's when it resolves (its shop stays tracked, and may add refunds later), and every pack of a shop
    /// when it is retired (the last word).
    public mutating func takeSealedPacks() -> [EvidencePack] {
        var packs: [EvidencePack] = []
        for id in sealing {
            guard let pack = archive.pack(id) else { continue }
            packs.append(pack)
        }
        packs += retiredSinceTaken
        sealing.removeAll()
        retiredSinceTaken.removeAll()
        return packs
    }

    /// Forgets untracked shops' orders that left the lookback and retires shops quiet for longer than the
    /// retention.
    private mutating func sweep(now: Int64) {
        lastSweep = now
        recent = recent.filter { $0.value.latest >= now - lookback }
        let quiet = shops.values.filter { shop in
            guard let since = shop.quietSince else { return false }
            return now - since >= retention
        }
        for shop in quiet.sorted(by: { $0.shopID < $1.shopID }) { retire(shop.shopID) }
    }

    private mutating func retire(_ shopID: String) {
        guard let shop = shops.removeValue(forKey: shopID) else { return }
        for incident in shop.incidents where incident.severity >= .high {
            let pack = EvidencePack(shop: shop, incident: incident, rules: rules)
            archive.retired.append(pack)
            if limits.sealsPacks { retiredSinceTaken.append(pack) }
        }
        if let limit = limits.retiredPacks, archive.retired.count > limit {
            archive.retired.removeFirst(archive.retired.count - limit)
        }
    }
}

/// Entries of the collector's lists, by event time.
protocol Timed {
    var time: Int64 { get }
}

extension OrderTrace: Timed {
    var time: Int64 { timestamp }
}

extension RefundTrace: Timed {
    var time: Int64 { timestamp }
}
