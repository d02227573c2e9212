/// Every threshold the detectors use. Built-in defaults; a YAML rules file overrides any of them.
/// Durations are milliseconds here and written as `90s`, `2m`, `1h`, `3d` in the file.
public struct Rules: Sendable, Equatable {
    public struct EngineSettings: Sendable, Equatable {
        /// The watermark trails the highest event time by this much; older events are rejected as `late`.
        public var lateness: Int64 = 120_000
        /// Pane width of the short sliding windows, and how often detectors are evaluated (event time).
        public var pane: Int64 = 30_000
        /// Events further ahead of the highest event time than this are held without moving event time…
        public var maxForwardJump: Int64 = 86_400_000
        /// …until this many consecutive events, each within `maxForwardJump` of the one before, all jump: then
        /// event time really moved on (a quiet day in a small stream) and they move it. Held events that are
        /// never confirmed are processed when event time reaches them, or at the end of input.
        public var forwardJumpConfirmations: Int = 3
        /// At most this many held events wait at once; a far-ahead event beyond it is rejected as `too_far_ahead`.
        public var maxHeldEvents: Int = 100_000
        /// How long event ids are remembered to drop redeliveries.
        public var dedupHorizon: Int64 = 600_000
        public var dedupMaxEntries: Int = 5_000_000
        /// How long orders are remembered so later refunds and reviews can be traced to them.
        public var orderMemory: Int64 = 3 * 86_400_000
        public var orderMemoryMaxEntries: Int = 20_000_000
        /// Keys (shops, buyers, fingerprints) idle this long are evicted.
        public var idleEviction: Int64 = 7 * 86_400_000
    }

    public struct OrderBurst: Sendable, Equatable {
        public var enabled = true
        /// Short windows compared against the shop's baseline.
        public var windows: [Int64] = [60_000, 300_000, 900_000]
        /// A burst needs at least this many orders in the window, so a tiny shop does not alarm on a handful.
        public var minOrders = 30
        /// …and this many times the shop's expected orders for that window at that hour of day.
        public var minRatio = 6.0
        /// A shop needs this much history before its baseline is trusted.
        public var minHistory: Int64 = 86_400_000
        /// Highest severity for a shop without enough history (a new shop going viral is usually honest).
        public var noHistoryMaxSeverity: Severity = .medium
        /// Excess over the shop's normal share at which an attack indicator counts as strong (0–1).
        public var strongIndicator = 0.35
        /// Orders in the window at which a burst with no strong indicator is raised to medium.
        public var mediumOrders = 300
        /// A shop already trading when the stream began is not judged until it has been watched this long.
        public var warmup: Int64 = 3_600_000
        /// The incident resolves after this long without the burst condition.
        public var resolveAfter: Int64 = 1_800_000
        /// Slow attacks: the hour so far and the last 1, 3 or 6 whole hours, against the time-of-day baseline those
        /// hours had; a window holds with at least `long_min_excess` orders above it and `long_min_ratio` times it.
        public var longWindows: [Int64] = [3_600_000, 3 * 3_600_000, 6 * 3_600_000]
        public var longMinRatio = 2.5
        public var longMinExcess = 80
    }

    public struct ReverseBrushing: Sendable, Equatable {
        public var enabled = true
        /// Share of the burst's excess orders refunded at which the burst is called reverse brushing.
        public var minRefundShare = 0.9
        public var minRefunds = 30
        /// How long after a burst its refunds are still traced.
        public var watch: Int64 = 3 * 86_400_000
    }

    public struct RefundStorm: Sendable, Equatable {
        public var enabled = true
        public var window: Int64 = 3_600_000
        public var minRefunds = 20
        public var minRatio = 5.0
        public var resolveAfter: Int64 = 3_600_000
    }

    public struct FingerprintRing: Sendable, Equatable {
        public var enabled = true
        /// How far back a phone's or address's accounts, hits and shops are counted.
        public var window: Int64 = 30 * 86_400_000
        /// Distinct buyer accounts behind the fingerprint that left a hit (a 1–2 star review or an
        /// `extortion` complaint on an order shipped to it).
        public var minAccounts = 3
        /// Distinct shops hit from the fingerprint.
        public var minShops = 5
        /// Orders shipped to the fingerprint that were hit.
        public var minHits = 5
        /// Share of the fingerprint's orders that were hit: a dormitory of honest buyers stays far below.
        public var minHitShare = 0.3
        /// `extortion` complaints at which the ring is high, and critical with `criticalShops` shops hit.
        public var highExtortion = 2
        public var criticalShops = 10
        /// The incident resolves after this long without a new hit.
        public var resolveAfter: Int64 = 86_400_000
    }

    public struct RefundAbuse: Sendable, Equatable {
        public var enabled = true
        public var window: Int64 = 7 * 86_400_000
        /// Refunds claimed by the account or on orders shipped to the fingerprint.
        public var minRefunds = 10
        /// Distinct shops those refunds were claimed at.
        public var minShops = 5
        /// Share of the key's orders refunded…
        public var minRefundShare = 0.5
        /// …and how many times the platform's usual refund share that is.
        public var minRatio = 4.0
        /// Refunds at which the incident is high.
        public var highRefunds = 50
        public var resolveAfter: Int64 = 86_400_000
    }

    public struct ReviewBombing: Sendable, Equatable {
        public var enabled = true
        public var window: Int64 = 3_600_000
        /// Negative (1–2 star) reviews of the shop within the window.
        public var minReviews = 20
        /// …and how many times the shop's usual negative reviews for that long.
        public var minRatio = 5.0
        /// Share of those reviewers that are new (first order within `newAccountAge`) or linked (their receiver
        /// phone or address is shared by `linkedAccounts` accounts or more).
        public var minSuspiciousShare = 0.6
        public var newAccountAge: Int64 = 86_400_000
        public var linkedAccounts = 3
        /// Reviews at which the incident is high.
        public var highReviews = 50
        /// The volume path: this many negative reviews within `volume_window`, at least `volume_min_ratio` times
        /// the shop's usual rate, whoever writes them; new or linked reviewers raise the severity.
        public var volumeWindow: Int64 = 7_200_000
        public var volumeMinReviews = 20
        public var volumeMinRatio = 8.0
        /// On the volume path, this share of new or linked reviewers makes the alert `high`.
        public var volumeHighSuspiciousShare = 0.3
        public var resolveAfter: Int64 = 7_200_000
    }

    public struct Retaliation: Sendable, Equatable {
        public var enabled = true
        /// A buyer's `harassment` complaint counts when it follows their negative review of the shop within this.
        public var within: Int64 = 2 * 86_400_000
        public var window: Int64 = 7 * 86_400_000
        /// Distinct reviewers who complained of harassment within the window.
        public var minVictims = 3
        public var highVictims = 6
        public var resolveAfter: Int64 = 2 * 86_400_000
    }

    public struct Incidents: Sendable, Equatable {
        /// An open incident emits an update when its main count has grown by this factor since the last alert.
        public var updateGrowth = 2.0
        /// The language of alert summaries: `en` (the default) or `zh-CN`.
        public var locale = AlertLocale.en
    }

    public var engine = EngineSettings()
    public var orderBurst = OrderBurst()
    public var reverseBrushing = ReverseBrushing()
    public var refundStorm = RefundStorm()
    public var fingerprintRing = FingerprintRing()
    public var refundAbuse = RefundAbuse()
    public var reviewBombing = ReviewBombing()
    public var retaliation = Retaliation()
    public var incidents = Incidents()

    public init() {}

    public static let defaults = Rules()
}

extension Rules.ReviewBombing {
    /// How far back `review_bombing` keeps a shop's negative reviews.
    var longestWindow: Int64 { max(window, volumeWindow) }
}
