extension Engine {
    /// A key of the rule settings that shape stored windows: a checkpoint made under other settings is refused.
    var checkpointShape: UInt64 {
        let longest = rules.orderBurst.windows.max() ?? 0
        return StableHash.of("pane=\(rules.engine.pane)|longest=\(longest)|refund=\(rules.refundStorm.window)")
    }

    /// Encodes the engine's state. Call it between `advance()` calls (no alert is pending).
    ///
    /// - Parameters:
    ///   - sources: the sources (Kafka partitions) whose state is written to their own part.
    ///   - partitionOf: the source a shop's events arrive on; shops it maps to `nil` or to a source not in
    ///     `sources` stay in the instance part.
    public func checkpoint(sources: Set<Int> = [], partitionOf: (String) -> Int? = { _ in nil }) -> EngineCheckpoint {
        var groups = Grouping(engine: self, sources: sources, partitionOf: partitionOf)
        var instance = header(.instance)
        instance.i64(processedThrough)
        instance.optionalI64(nextTick)
        instance.i64(lastEvictionSweep)
        instance.optionalI64(streamStart)
        // With partitions, the frontier is rebuilt from the partitions restored: a restored engine with no source
        // yet would otherwise take the frontier for its event time and judge everything before it.
        let instanceSources = watermarks.sources.filter { !sources.contains($0.key) }
        instance.optionalI64(sources.isEmpty ? watermarks.frontier : instanceSources.values.compactMap(\.highest).max())
        instance.count(instanceSources.count)
        for (source, state) in instanceSources.sorted(by: { $0.key < $1.key }) {
            instance.int(source)
            state.write(to: &instance)
        }
        dedup.write(to: &instance)
        platform.write(to: &instance)
        instance.count(buyers.count)
        instance.reserve(buyers.count * (8 + BuyerRecord.encodedSize))
        for (key, buyer) in buyers {
            instance.u64(key)
            buyer.write(to: &instance)
        }
        instance.count(phones.count)
        instance.reserve(phones.count * 24)
        for (key, phone) in phones {
            instance.u64(key)
            instance.i64(phone.lastSeen)
            instance.u64(phone.lastName)
        }
        var identityRings = rings
        identityRings.shopReviews = [:]
        identityRings.dirtyShops = []
        identityRings.watchedShops = []
        instance.codable(identityRings)
        let otherIncidents = groups.otherIncidents
        instance.count(otherIncidents.count)
        for key in otherIncidents {
            key.write(to: &instance)
            incidents[key]!.write(to: &instance)
        }
        writeShops(groups.take(nil), to: &instance)

        var partitions: [Int: [UInt8]] = [:]
        for source in sources {
            var writer = header(.partition)
            writer.int(source)
            writer.bool(watermarks.sources[source] != nil)
            watermarks.sources[source]?.write(to: &writer)
            writeShops(groups.take(source), to: &writer)
            partitions[source] = writer.bytes
        }
        return EngineCheckpoint(instance: instance.bytes, partitions: partitions)
    }

    /// Restores state written by ``checkpoint(sources:partitionOf:)``'s instance part into this engine, which must
    /// be new. On error the engine is left as it was.
    public mutating func restore(instance bytes: [UInt8]) throws(CheckpointError) {
        guard shops.isEmpty, buyers.isEmpty, watermarks.frontier == nil, buffer.count == 0 else {
            throw CheckpointError(.incompatible, "an instance checkpoint can only be restored into a new engine")
        }
        var engine = self
        var reader = BinaryReader(bytes)
        try engine.readHeader(.instance, &reader)
        engine.processedThrough = try reader.i64("processed-through time")
        engine.nextTick = try reader.optionalI64("next tick")
        engine.lastEvictionSweep = try reader.i64("last eviction sweep")
        engine.streamStart = try reader.optionalI64("stream start")
        engine.watermarks.frontier = try reader.optionalI64("frontier")
        let sourceCount = try reader.count("sources", minimumSize: 9)
        for _ in 0..<sourceCount {
            let source = try reader.int("source")
            engine.watermarks.sources[source] = try WatermarkTracker.Source(from: &reader)
        }
        try engine.dedup.read(from: &reader)
        engine.platform = try PlatformBaseline(from: &reader)
        let buyerCount = try reader.count("buyers", minimumSize: 8 + BuyerRecord.encodedSize)
        engine.buyers.reserveCapacity(buyerCount)
        for _ in 0..<buyerCount {
            let key = try reader.u64("buyer key")
            engine.buyers[key] = try BuyerRecord(from: &reader)
        }
        let phoneCount = try reader.count("phones", minimumSize: 24)
        engine.phones.reserveCapacity(phoneCount)
        for _ in 0..<phoneCount {
            let key = try reader.u64("phone key")
            engine.phones[key] = PhoneRecord(
                lastSeen: try reader.i64("phone last seen"), lastName: try reader.u64("name"))
        }
        engine.rings = try reader.codable(RingState.self, "ring state") ?? RingState()
        let incidentCount = try reader.count("incidents", minimumSize: 8)
        for _ in 0..<incidentCount {
            let key = try IncidentKey(from: &reader)
            engine.incidents[key] = try Incident(from: &reader)
        }
        let section = try ShopSection(from: &reader)
        try reader.expectEnd("the instance checkpoint")
        _ = engine.merge(section)
        self = engine
    }

    /// Adds a partition's part of a checkpoint: its shops (replacing any the engine already holds under the same
    /// id), their incidents, orders and buffered events, and the source's event time. On error nothing changes.
    @discardableResult
    public mutating func restore(partition bytes: [UInt8]) throws(CheckpointError) -> RestoredPartition {
        var reader = BinaryReader(bytes)
        try readHeader(.partition, &reader)
        let source = try reader.int("source")
        let state = try reader.bool("source state") ? try WatermarkTracker.Source(from: &reader) : nil
        let section = try ShopSection(from: &reader)
        try reader.expectEnd("the partition checkpoint")
        if var state {
            // A restored partition starts active, as a newly assigned one does: the caller marks it idle again
            // once it is caught up and quiet (an idle source would have its events rejected as late).
            state.idle = false
            watermarks.sources[source] = state
            if let highest = state.highest { watermarks.frontier = max(watermarks.frontier ?? highest, highest) }
        }
        return merge(section)
    }

    /// Writes the part of a partition (as ``checkpoint(sources:partitionOf:)`` would) and removes its shops, their
    /// incidents, orders and buffered events, and the source, from the engine: the partition moved away.
    public mutating func extract(partition source: Int, partitionOf: (String) -> Int?) -> [UInt8] {
        let part = checkpoint(sources: [source], partitionOf: partitionOf).partitions[source]!
        var leaving = Set<Int32>()
        for (index, shop) in shops.enumerated() where partitionOf(shop.id) == source { leaving.insert(Int32(index)) }
        removeShops(leaving)
        buffer.removeAll { partitionOf($0.shopID) == source }
        watermarks.remove(source)
        return part
    }

    // MARK: Parts

    private func header(_ kind: EngineCheckpoint.Kind) -> BinaryWriter {
        var writer = BinaryWriter(capacity: 1 << 16)
        writer.u32(EngineCheckpoint.formatVersion)
        writer.u8(kind.rawValue)
        writer.u64(checkpointShape)
        return writer
    }

    private func readHeader(_ kind: EngineCheckpoint.Kind, _ reader: inout BinaryReader) throws(CheckpointError) {
        let version = try reader.u32("format version")
        guard version == EngineCheckpoint.formatVersion else {
            throw CheckpointError(
                .incompatible, "format version \(version), this build reads \(EngineCheckpoint.formatVersion)")
        }
        let rawKind = try reader.u8("part kind")
        guard rawKind == kind.rawValue else {
            throw CheckpointError(.incompatible, "part kind \(rawKind), expected \(kind.rawValue)")
        }
        let shape = try reader.u64("window shape")
        guard shape == checkpointShape else {
            throw CheckpointError(
                .incompatible,
                "written for other window settings (engine.pane, order_burst.windows, refund_storm.window)")
        }
    }

    private func writeShops(_ members: Grouping.Members, to writer: inout BinaryWriter) {
        // Section positions by engine index (-1: not in this section).
        var local = [Int32](repeating: -1, count: shops.count)
        writer.count(members.shops.count)
        for (position, index) in members.shops.enumerated() {
            local[Int(index)] = Int32(position)
            shops[Int(index)].write(to: &writer)
            writer.bool(watchedShops.contains(index))
        }
        let dirty = dirtyShops.compactMap { local[Int($0)] >= 0 ? local[Int($0)] : nil }
        writer.count(dirty.count)
        for position in dirty { writer.i32(position) }
        let reviewed = members.shops.filter { rings.shopReviews[$0] != nil }
        writer.count(reviewed.count)
        for index in reviewed {
            writer.i32(local[Int(index)])
            writer.codable(rings.shopReviews[index]!)
            writer.bool(rings.watchedShops.contains(index))
        }
        let reviewsDirty = rings.dirtyShops.compactMap { local[Int($0)] >= 0 ? local[Int($0)] : nil }
        writer.count(reviewsDirty.count)
        for position in reviewsDirty { writer.i32(position) }
        writer.count(members.incidents.count)
        for key in members.incidents {
            key.write(to: &writer)
            incidents[key]!.write(to: &writer)
        }
        writer.count(members.orders.count)
        writer.reserve(members.orders.count * (8 + OrderRecord.encodedSize))
        for (key, record) in members.orders {
            writer.u64(key)
            record.write(to: &writer, shop: local[Int(record.shop)])
        }
        writer.count(members.events.count)
        for event in members.events { event.write(to: &writer) }
    }

    /// Adds a decoded section's shops and what belongs to them.
    private mutating func merge(_ section: ShopSection) -> RestoredPartition {
        var global: [Int32] = []
        for (shop, watched) in section.shops {
            let index: Int32
            if let existing = shopIndex[shop.id] {
                index = existing
                shops[Int(index)] = shop
            } else {
                index = Int32(shops.count)
                shops.append(shop)
                shopIndex[shop.id] = index
            }
            shops[Int(index)].dirty = false
            if watched { watchedShops.insert(index) }
            global.append(index)
        }
        for position in section.dirty {
            let index = global[Int(position)]
            if !shops[Int(index)].dirty {
                shops[Int(index)].dirty = true
                dirtyShops.append(index)
            }
        }
        for (position, reviews, watched) in section.reviews {
            let index = global[Int(position)]
            rings.shopReviews[index] = reviews
            if watched { rings.watchedShops.insert(index) }
        }
        for position in section.reviewsDirty where !rings.dirtyShops.contains(global[Int(position)]) {
            rings.dirtyShops.append(global[Int(position)])
        }
        for (key, incident) in section.incidents { incidents[key] = incident }
        for (key, record) in section.orders {
            var record = record
            record.shop = global[Int(record.shop)]
            orders.records[key] = record
            orders.fifo.append((record.timestamp, key))
        }
        for event in section.events { buffer.insert(event) }
        var ids = section.shops.map(\.shop.id)
        var seen = Set(ids)
        for event in section.events where seen.insert(event.shopID).inserted { ids.append(event.shopID) }
        return RestoredPartition(
            shops: ids, incidents: section.incidents.count,
            bufferedEvents: section.events.count)
    }

    /// Removes shops and everything keyed by them, renumbering the rest.
    private mutating func removeShops(_ leaving: Set<Int32>) {
        guard !leaving.isEmpty else { return }
        var renumbered = [Int32](repeating: -1, count: shops.count)
        var kept: [ShopState] = []
        kept.reserveCapacity(shops.count - leaving.count)
        var leavingIDs = Set<String>()
        for (index, shop) in shops.enumerated() {
            if leaving.contains(Int32(index)) {
                shopIndex[shop.id] = nil
                leavingIDs.insert(shop.id)
            } else {
                renumbered[index] = Int32(kept.count)
                shopIndex[shop.id] = Int32(kept.count)
                kept.append(shop)
            }
        }
        shops = kept
        incidents = incidents.filter { $0.value.subject.kind != .shop || !leavingIDs.contains($0.value.subject.id) }
        dirtyShops = dirtyShops.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil }
        watchedShops = Set(watchedShops.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil })
        var reviews: [Int32: ShopReviews] = [:]
        for (index, value) in rings.shopReviews where renumbered[Int(index)] >= 0 {
            reviews[renumbered[Int(index)]] = value
        }
        rings.shopReviews = reviews
        rings.dirtyShops = rings.dirtyShops.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil }
        rings.watchedShops = Set(rings.watchedShops.compactMap { renumbered[Int($0)] >= 0 ? renumbered[Int($0)] : nil })
        orders.records = orders.records.compactMapValues { record in
            let index = renumbered[Int(record.shop)]
            guard index >= 0 else { return nil }
            var record = record
            record.shop = index
            return record
        }
    }
}

/// Which shops, incidents, orders and buffered events go to which part of a checkpoint.
private struct Grouping {
    struct Members {
        var shops: [Int32] = []
        var incidents: [IncidentKey] = []
        var orders: [(UInt64, OrderRecord)] = []
        var events: [Event] = []
    }

    private var members: [Int?: Members] = [:]
    private(set) var otherIncidents: [IncidentKey] = []

    init(engine: Engine, sources: Set<Int>, partitionOf: (String) -> Int?) {
        func part(_ shopID: String) -> Int? {
            guard !sources.isEmpty, let source = partitionOf(shopID), sources.contains(source) else { return nil }
            return source
        }
        var partOfShop: [Int?] = []
        partOfShop.reserveCapacity(engine.shops.count)
        for (index, shop) in engine.shops.enumerated() {
            let source = part(shop.id)
            partOfShop.append(source)
            members[source, default: Members()].shops.append(Int32(index))
        }
        for (key, incident) in engine.incidents.sorted(by: {
            ($0.key.rule, $0.key.subject) < ($1.key.rule, $1.key.subject)
        }) {
            if incident.subject.kind == .shop, let index = engine.shopIndex[incident.subject.id] {
                members[partOfShop[Int(index)], default: Members()].incidents.append(key)
            } else {
                otherIncidents.append(key)
            }
        }
        let table = engine.orders
        for entry in table.fifo[table.head...] {
            guard let record = table.records[entry.key], record.timestamp == entry.timestamp else { continue }
            members[partOfShop[Int(record.shop)], default: Members()].orders.append((entry.key, record))
        }
        for second in engine.buffer.buckets.keys.sorted() {
            for event in engine.buffer.buckets[second]! {
                members[part(event.shopID), default: Members()].events.append(event)
            }
        }
    }

    mutating func take(_ source: Int?) -> Members {
        members.removeValue(forKey: source) ?? Members()
    }
}

/// A decoded shop section, checked before any of it is applied.
private struct ShopSection {
    var shops: [(shop: ShopState, watched: Bool)] = []
    var dirty: [Int32] = []
    var reviews: [(Int32, ShopReviews, Bool)] = []
    var reviewsDirty: [Int32] = []
    var incidents: [(IncidentKey, Incident)] = []
    var orders: [(UInt64, OrderRecord)] = []
    var events: [Event] = []

    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let shopCount = try reader.count("shops", minimumSize: 64)
        for _ in 0..<shopCount {
            let shop = try ShopState(from: &reader)
            shops.append((shop, try reader.bool("shop watched")))
        }
        let dirtyCount = try reader.count("dirty shops", minimumSize: 4)
        for _ in 0..<dirtyCount {
            let position = try reader.i32("dirty shop")
            guard position >= 0, Int(position) < shopCount else {
                throw CheckpointError(.malformed, "dirty shop \(position) of \(shopCount)")
            }
            dirty.append(position)
        }
        let reviewCount = try reader.count("shop reviews", minimumSize: 13)
        for _ in 0..<reviewCount {
            let position = try reader.i32("reviewed shop")
            guard position >= 0, Int(position) < shopCount else {
                throw CheckpointError(.malformed, "reviews of shop \(position) of \(shopCount)")
            }
            let value = try reader.codable(ShopReviews.self, "shop reviews")
            let watched = try reader.bool("reviews watched")
            if let value { reviews.append((position, value, watched)) }
        }
        let reviewsDirtyCount = try reader.count("shops with new reviews", minimumSize: 4)
        for _ in 0..<reviewsDirtyCount {
            let position = try reader.i32("shop with new reviews")
            guard position >= 0, Int(position) < shopCount else {
                throw CheckpointError(.malformed, "shop with new reviews \(position) of \(shopCount)")
            }
            reviewsDirty.append(position)
        }
        let incidentCount = try reader.count("shop incidents", minimumSize: 8)
        for _ in 0..<incidentCount {
            let key = try IncidentKey(from: &reader)
            incidents.append((key, try Incident(from: &reader)))
        }
        let orderCount = try reader.count("orders", minimumSize: 8 + OrderRecord.encodedSize)
        orders.reserveCapacity(orderCount)
        for _ in 0..<orderCount {
            let key = try reader.u64("order key")
            let record = try OrderRecord(from: &reader)
            guard record.shop >= 0, Int(record.shop) < shopCount else {
                throw CheckpointError(.malformed, "order of shop \(record.shop), the section has \(shopCount) shops")
            }
            orders.append((key, record))
        }
        let eventCount = try reader.count("buffered events", minimumSize: 16)
        events.reserveCapacity(eventCount)
        for _ in 0..<eventCount { events.append(try Event(from: &reader)) }
    }
}
