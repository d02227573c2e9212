/// A shop's current windows and baseline as an operator sees them: counts, not identities.
public struct ShopView: Sendable, Equatable {
    /// One of the order-burst windows, ending at the engine's event time.
    public struct Window: Sendable, Equatable {
        public var millis: Int64
        public var counts: ShopPane
        /// Orders the shop's baseline expects in a window this long at this hour of day.
        public var expectedOrders: Double
        /// Orders over expected (expected floored at half an order), the ratio `order_burst` compares.
        public var rateRatio: Double
    }

    /// What the shop's normal traffic looks like.
    public struct Baseline: Sendable, Equatable {
        public var expectedOrdersPerHour: Double
        public var ordersPerHour: Double
        public var refundsPerHour: Double
        public var hoursClosed: Int
        public var vagueShare: Double
        public var newBuyerShare: Double
        public var mismatchedShare: Double
        public var refundedShare: Double
    }

    public var id: String
    public var firstSeen: Int64
    public var lastEvent: Int64
    public var windows: [Window]
    /// Refunds in the `refund_storm` window.
    public var refundsInStormWindow: Int
    public var baseline: Baseline
    /// The highest rate ratio over the windows: how far the shop is above its usual order rate right now.
    public var burstScore: Double
    /// Whether an order burst is open.
    public var inBurst: Bool
    /// Bursts whose refunds are still traced (the open one included).
    public var tracedBursts: Int
}

/// What the engine remembers about one fingerprint (never the value behind it).
public struct FingerprintView: Sendable, Equatable {
    public var id: String
    public var domain: FingerprintDomain
    /// Event time a receiver with this phone last ordered, for phone fingerprints the engine remembers.
    public var lastSeen: Int64?
    /// The fingerprint of the receiver name last used with this phone.
    public var lastNameID: String?
}

/// How many keys the engine holds in memory, by kind.
public struct TrackedKeys: Sendable, Equatable {
    public var shops = 0
    public var buyers = 0
    public var phones = 0
    public var orders = 0
    public var eventIDs = 0
    /// Keys of the shops' distinct counters (buyers, phones, addresses within the windows).
    public var distinctCounts = 0
    public var openIncidents = 0
    public var bufferedEvents = 0

    public init(
        shops: Int = 0, buyers: Int = 0, phones: Int = 0, orders: Int = 0, eventIDs: Int = 0, distinctCounts: Int = 0,
        openIncidents: Int = 0, bufferedEvents: Int = 0
    ) {
        self.shops = shops
        self.buyers = buyers
        self.phones = phones
        self.orders = orders
        self.eventIDs = eventIDs
        self.distinctCounts = distinctCounts
        self.openIncidents = openIncidents
        self.bufferedEvents = bufferedEvents
    }

    /// Kind and count pairs, in a fixed order, for metrics.
    public var byKind: [(kind: String, count: Int)] {
        [
            ("shops", shops), ("buyers", buyers), ("phones", phones), ("orders", orders), ("event_ids", eventIDs),
            ("distinct_counts", distinctCounts), ("open_incidents", openIncidents), ("buffered_events", bufferedEvents),
        ]
    }
}

/// Read-only questions about the engine's state, for the admin API, the live page and reports. None changes the
/// engine, so asking never alters its alerts.
extension Engine {
    /// The event time through which everything has been processed, or `nil` before the first advance.
    public var eventTime: Int64? {
        processedThrough == Int64.min ? nil : processedThrough
    }

    /// The ids of every shop seen, in the order they were first seen.
    public var shopIDs: [String] { shops.map(\.id) }

    /// One shop's windows and baseline as of ``eventTime``, or `nil` for a shop never seen.
    public func shop(_ id: String) -> ShopView? {
        guard let index = shopIndex[id] else { return nil }
        return view(of: shops[Int(index)])
    }

    /// The `limit` shops furthest above their usual order rate, highest first (ties by id). Ranks every shop by
    /// its score alone and builds views only for the few it returns.
    public func shopsByBurstScore(limit: Int) -> [ShopView] {
        guard limit > 0 else { return [] }
        var best: [(score: Double, index: Int)] = []
        for index in shops.indices {
            let score = burstScore(of: shops[index])
            guard best.count < limit || score > best[best.count - 1].score else { continue }
            best.append((score, index))
            best.sort { $0.score != $1.score ? $0.score > $1.score : shops[$0.index].id < shops[$1.index].id }
            if best.count > limit { best.removeLast() }
        }
        return best.map { view(of: shops[$0.index]) }
    }

    /// A shop's orders and refunds per minute over the last day of event time.
    public func minuteHistory(shop id: String) -> MinuteHistory? {
        shopIndex[id].map { shops[Int($0)].windows.minutes }
    }

    /// What the engine remembers about a fingerprint id (`phone:k1:3fa9c0d2e1b4a7c8`), or `nil` when the id is
    /// malformed, from another key version, or unknown.
    public func fingerprint(_ identifier: String) -> FingerprintView? {
        let parts = identifier.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let domain = FingerprintDomain(rawValue: String(parts[0])),
            parts[1] == "k\(fingerprinter.keyVersion)", parts[2].utf8.count == 16,
            let value = UInt64(parts[2], radix: 16)
        else { return nil }
        switch domain {
        case .phone:
            guard let record = phones[value] else { return nil }
            return FingerprintView(
                id: identifier, domain: domain, lastSeen: record.lastSeen,
                lastNameID: record.lastName == 0
                    ? nil : fingerprinter.identifier(Fingerprint(value: record.lastName), domain: .name))
        case .address, .name:
            return nil
        }
    }

    /// How many keys the engine holds, by kind.
    public var trackedKeysByKind: TrackedKeys {
        var distinct = 0
        for shop in shops {
            distinct +=
                shop.windows.buyers.trackedKeys + shop.windows.phones.trackedKeys + shop.windows.addresses.trackedKeys
        }
        return TrackedKeys(
            shops: shops.count, buyers: buyers.count, phones: phones.count, orders: orders.count,
            eventIDs: dedup.count, distinctCounts: distinct,
            openIncidents: incidents.openCount, bufferedEvents: buffer.count)
    }

    /// Orders per hour the shop's baseline expects at `time`: its hour-of-day rate with a day of history, its
    /// overall rate with an hour, else none.
    func expectedPerHour(_ shop: ShopWindows, at time: Int64) -> Double {
        if shop.hasHistory(at: time, minimum: rules.orderBurst.minHistory) {
            return shop.baseline.expectedOrdersPerHour(at: time)
        }
        return shop.baseline.hoursClosed >= 1 ? shop.baseline.level : 0
    }

    /// The highest rate ratio over the order-burst windows, as ``ShopView/burstScore``, without building a view.
    func burstScore(of row: ShopState) -> Double {
        let shop = row.windows
        let time = eventTime ?? shop.lastEvent
        let perHour = expectedPerHour(shop, at: time)
        var score = 0.0
        for millis in rules.orderBurst.windows {
            let orders = shop.panes.sum(from: time - millis, to: time).orders
            score = max(score, Double(orders) / max(perHour * Double(millis) / 3_600_000, 0.5))
        }
        return score
    }

    func view(of row: ShopState) -> ShopView {
        let shop = row.windows
        let time = eventTime ?? shop.lastEvent
        let burstRules = rules.orderBurst
        let perHour = expectedPerHour(shop, at: time)
        let windows = burstRules.windows.map { millis in
            let counts = shop.panes.sum(from: time - millis, to: time)
            let expected = perHour * Double(millis) / 3_600_000
            return ShopView.Window(
                millis: millis, counts: counts, expectedOrders: expected,
                rateRatio: Double(counts.orders) / max(expected, 0.5))
        }
        let shares = shop.shares(platform)
        return ShopView(
            id: shop.id, firstSeen: shop.firstSeen, lastEvent: shop.lastEvent, windows: windows,
            refundsInStormWindow: row.refundStorm.refunds.sum(from: time - rules.refundStorm.window, to: time),
            baseline: ShopView.Baseline(
                expectedOrdersPerHour: perHour, ordersPerHour: shop.baseline.level,
                refundsPerHour: shop.baseline.refundsPerHour, hoursClosed: shop.baseline.hoursClosed,
                vagueShare: shares.vague, newBuyerShare: shares.newBuyers, mismatchedShare: shares.mismatched,
                refundedShare: shares.refunded),
            burstScore: windows.map(\.rateRatio).max() ?? 0, inBurst: row.orderBurst.open != nil,
            tracedBursts: row.reverseBrushing.bursts.count)
    }
}
