import BrushfireCore
import BrushfireKafka

/// What the admin server shows, as the ingest loop last published it: values copied out of the engine, so
/// requests never touch the engine itself.
public struct AdminSnapshot: Sendable {
    /// One assigned partition's consumer lag; `nil` until its end is known.
    public struct Partition: Sendable, Equatable {
        public var topicPartition: TopicPartition
        public var lag: Int64?

        public init(topicPartition: TopicPartition, lag: Int64?) {
            self.topicPartition = topicPartition
            self.lag = lag
        }
    }

    /// Whether the ingest loop has published at all.
    public var started = false
    /// Counts publishes.
    public internal(set) var sequence = 0
    /// Whether the ingest loop has finished (graceful shutdown).
    public var stopped = false
    public var eventTime: Int64?
    public var incidents = IncidentLog(resolvedLimit: AdminSnapshot.resolvedKept)
    /// The windows and baseline of the shops worth showing: the top ones by burst score, those named by
    /// incidents, and those the API was asked about.
    public var shops: [String: ShopView] = [:]
    /// The shops furthest above their usual order rate.
    public var topShops: [ShopView] = []
    /// What the engine remembers about fingerprints named by incidents.
    public var fingerprints: [String: FingerprintView] = [:]
    public var trackedKeys = TrackedKeys()
    public var statistics = EngineStatistics()
    public var partitions: [Partition] = []
    /// The event-to-alert delay of the alerts handed to the sinks so far.
    public var alertDelay = AlertDelay()
    /// What the evidence packs of shop incidents are built from (`/v1/incidents/{id}/evidence`).
    public var evidence: EvidenceArchive?
    /// The versions of the rules running, staged and shadowing.
    public var rules = RulesStatus()

    /// Resolved incidents kept for the live page and the API beside the open ones.
    public static let resolvedKept = 200
    /// Shops listed by burst score.
    public static let topShopCount = 10

    public init() {}

    /// The snapshot of `engine`'s state with `incidents`, the `wanted` shops, and the consumer's `lag` for
    /// `assigned` partitions. Costs one burst score per shop plus a view per shop shown.
    init(
        engine: Engine, incidents: IncidentLog, wanted: [String], assigned: Set<TopicPartition>,
        lag: [TopicPartition: Int64]
    ) {
        started = true
        eventTime = engine.eventTime
        self.incidents = incidents
        topShops = engine.shopsByBurstScore(limit: Self.topShopCount)
        var shops: [String: ShopView] = [:]
        for view in topShops { shops[view.id] = view }
        let named = incidents.records.values.lazy.filter { $0.subject.kind == .shop }.map(\.subject.id)
        for id in wanted + named where shops[id] == nil {
            if let view = engine.shop(id) { shops[id] = view }
        }
        self.shops = shops
        for record in incidents.records.values where record.subject.kind == .phone {
            if let view = engine.fingerprint(record.subject.id) { fingerprints[record.subject.id] = view }
        }
        trackedKeys = engine.trackedKeysByKind
        statistics = engine.statistics
        partitions = assigned.sorted().map { Partition(topicPartition: $0, lag: lag[$0]) }
    }

    /// Why the daemon is not ready to serve, or `nil` when it is: it must have started, hold partitions, and
    /// every one of them must be known to lag by at most `maxLag` messages.
    public func notReadyReason(maxLag: Int64) -> String? {
        if !started { return "the consumer has not processed a batch yet" }
        if stopped { return "the daemon is shutting down" }
        if partitions.isEmpty { return "no partitions assigned" }
        for partition in partitions {
            guard let lag = partition.lag else { return "the end of \(partition.topicPartition) is not known yet" }
            if lag > maxLag { return "\(partition.topicPartition) lags by \(lag) messages (more than \(maxLag))" }
        }
        return nil
    }
}
