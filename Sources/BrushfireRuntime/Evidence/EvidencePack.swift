import BrushfireCore

/// The evidence a shop needs for an appeal against a penalty it got for an attack on it: for one `high` or
/// `critical` shop incident, its orders and refunds per minute against its own baseline, the items hit, the shares
/// of vague addresses, mismatched receivers and new accounts against its normal, the refund delays, the masked
/// order list, the rules and thresholds that fired, and a statement naming the shop as the target, in Chinese and
/// English. Built from an ``EvidenceCollector``'s ``ShopEvidence``; no raw phone, address or name is in it.
/// `brushfire replay --evidence DIR` writes it as `<alert_id>.json` (this document) and `<alert_id>.html`.
public struct EvidencePack: Sendable, Codable, Equatable {
    /// One text in both languages.
    public struct Bilingual: Sendable, Codable, Equatable {
        public var en: String
        public var zh: String
    }

    /// A share of the burst's orders against the shop's normal share.
    public struct Indicator: Sendable, Codable, Equatable {
        public var count: Int
        public var share: Double
        public var normal: Double
    }

    /// The orders of the incident's window.
    public struct Burst: Sendable, Codable, Equatable {
        public var start: Int64
        public var end: Int64
        public var orders: Int
        /// Orders the shop's baseline expects over the window, hour by hour.
        public var expectedOrders: Double
        public var vagueAddresses: Indicator
        public var mismatchedReceivers: Indicator
        public var newAccounts: Indicator
        public var refunded: Indicator

        enum CodingKeys: String, CodingKey {
            case orders, refunded
            case start = "start_ms"
            case end = "end_ms"
            case expectedOrders = "expected_orders"
            case vagueAddresses = "vague_addresses"
            case mismatchedReceivers = "mismatched_receivers"
            case newAccounts = "new_accounts"
        }
    }

    public struct Item: Sendable, Codable, Equatable {
        public var itemID: String
        public var orders: Int
        public var share: Double
        /// The most common price of its orders in the window.
        public var priceCents: Int64?
        public var currency: String?

        enum CodingKeys: String, CodingKey {
            case orders, share, currency
            case itemID = "item_id"
            case priceCents = "price_cents"
        }
    }

    /// How long after their orders the window's refunds came.
    public struct RefundDelays: Sendable, Codable, Equatable {
        public struct Bucket: Sendable, Codable, Equatable {
            public var label: Bilingual
            /// Delays at least this long (and below the next bucket's).
            public var fromMillis: Int64
            public var count: Int

            enum CodingKeys: String, CodingKey {
                case label, count
                case fromMillis = "from_ms"
            }
        }

        public var count: Int
        public var medianMillis: Int64?
        public var p10Millis: Int64?
        public var p90Millis: Int64?
        public var buckets: [Bucket]

        enum CodingKeys: String, CodingKey {
            case count, buckets
            case medianMillis = "median_ms"
            case p10Millis = "p10_ms"
            case p90Millis = "p90_ms"
        }
    }

    /// Orders and refunds per minute over a span, with the shop's baseline.
    public struct Chart: Sendable, Codable, Equatable {
        public var start: Int64
        public var end: Int64
        /// `[epoch minute, orders, refunds]` for minutes with any.
        public var minutes: [[Int64]]
        /// Orders per minute the baseline expects at each hour of day (UTC).
        public var expectedOrdersPerMinute: [Double]
        public var expectedRefundsPerMinute: Double

        enum CodingKeys: String, CodingKey {
            case minutes
            case start = "start_ms"
            case end = "end_ms"
            case expectedOrdersPerMinute = "expected_orders_per_minute_by_utc_hour"
            case expectedRefundsPerMinute = "expected_refunds_per_minute"
        }
    }

    public struct RuleFired: Sendable, Codable, Equatable {
        public struct Threshold: Sendable, Codable, Equatable {
            public var name: String
            public var value: String
        }

        public var rule: String
        public var alertID: String
        public var severity: String
        public var status: String
        public var openedAt: Int64
        public var summary: String
        public var metrics: [ShopEvidence.AlertEntry.Metric]
        public var thresholds: [Threshold]

        enum CodingKeys: String, CodingKey {
            case rule, severity, status, summary, metrics, thresholds
            case alertID = "alert_id"
            case openedAt = "opened_at_ms"
        }
    }

    public struct ListedOrder: Sendable, Codable, Equatable {
        public var orderID: String
        public var timestamp: Int64
        public var itemID: String?
        public var buyerID: String
        /// Masked display forms.
        public var phone: String
        public var address: String
        /// `vague_address`, `mismatched_receiver`, `new_account`, `refunded`.
        public var flags: [String]
        public var refundedAt: Int64?

        enum CodingKeys: String, CodingKey {
            case phone, address, flags
            case orderID = "order_id"
            case timestamp = "ts_ms"
            case itemID = "item_id"
            case buyerID = "buyer_id"
            case refundedAt = "refunded_at_ms"
        }
    }

    public var version = 1
    public var alertID: String
    public var rule: String
    public var severity: String
    public var status: String
    public var shopID: String
    public var openedAt: Int64
    public var statement: Bilingual
    public var burst: Burst
    public var items: [Item]
    public var refundDelays: RefundDelays
    public var chart: Chart
    /// The burst itself, minute by minute, when the chart spans much longer.
    public var burstChart: Chart?
    public var rulesFired: [RuleFired]
    public var orders: [ListedOrder]
    /// What the pack could not hold, or could not see.
    public var notes: [Bilingual]
    public var baseline: BaselineTrace

    enum CodingKeys: String, CodingKey {
        case version, rule, severity, status, statement, burst, items, chart, orders, notes, baseline
        case alertID = "alert_id"
        case shopID = "shop_id"
        case openedAt = "opened_at_ms"
        case refundDelays = "refund_delays"
        case burstChart = "burst_chart"
        case rulesFired = "rules_fired"
    }

    /// Minutes charted before the window opens and after the last alert or refund.
    static let leadMillis: Int64 = 60 * 60_000
    static let tailMillis: Int64 = 15 * 60_000
    /// A chart spanning more than this also gets a close-up of the burst.
    static let closeUpAbove: Int64 = 4 * 3_600_000
    static let closeUpMargin: Int64 = 30 * 60_000
}
