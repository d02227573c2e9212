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
    /// - Throws: ``CheckpointError`` with reason `unencodable` when the state holds a value the format cannot
    ///   represent; nothing is written then.
    public func checkpoint(sources: Set<Int> = [], partitionOf: (String) -> Int? = { _ in nil }) throws(CheckpointError)
        -> EngineCheckpoint
    {
        var groups = Grouping(engine: self, sources: sources, partitionOf: partitionOf)
        let instance = try encodeInstance(groups.take(nil), otherIncidents: groups.otherIncidents, sources: sources)
        var partitions: [Int: [UInt8]] = [:]
        for source in sources { partitions[source] = try encodePartition(source, groups.take(source)) }
        return EngineCheckpoint(instance: instance, partitions: partitions)
    }

    /// Restores state written by ``checkpoint(sources:partitionOf:)``'s instance part into this engine, which must
    /// be new. Sections written with an encoding this build does not read are skipped (their state starts empty)
    /// and listed in the result. On error the engine is left as it was.
    @discardableResult
    public mutating func restore(instance bytes: [UInt8]) throws(CheckpointError) -> RestoredInstance {
        guard shops.isEmpty, buyers.count == 0, watermarks.frontier == nil, buffer.count == 0 else {
            throw CheckpointError(.incompatible, "an instance checkpoint can only be restored into a new engine")
        }
        var engine = self
        var reader = BinaryReader(bytes)
        try engine.readHeader(.instance, &reader)
        let table = try SectionTable(&reader, expected: CheckpointSection.instance)
        try table.decode(.eventTime) { (section) throws(CheckpointError) in
            try engine.readEventTime(from: &section)
        }
        try table.decode(.dedup) { (section) throws(CheckpointError) in
            try engine.dedup.read(from: &section)
        }
        try table.decode(.platform) { (section) throws(CheckpointError) in
            engine.platform = try PlatformBaseline(from: &section)
        }
        try table.decode(.buyers) { (section) throws(CheckpointError) in
            try engine.readBuyers(from: &section)
        }
        try table.decode(.phones) { (section) throws(CheckpointError) in
            try engine.readPhones(from: &section)
        }
        try table.decode(.identityWindows) { (section) throws(CheckpointError) in
            try engine.rings.readWindows(from: &section)
        }
        try table.decode(.ringGroups) { (section) throws(CheckpointError) in
            try engine.rings.readGroups(from: &section)
        }
        try table.decode(.identityPending) { (section) throws(CheckpointError) in
            engine.identityStage = try IdentityStage(from: &section)
        }
        try table.decode(.incidents) { (section) throws(CheckpointError) in
            for (key, incident) in try Self.readIncidents(from: &section) { engine.incidents.incidents[key] = incident }
        }
        _ = engine.merge(try ShopSection(table), source: nil)
        self = engine
        return RestoredInstance(skipped: table.skipped)
    }

    /// Adds a partition's part of a checkpoint: its shops (replacing any the engine already holds under the same
    /// id), their review state, incidents, orders and buffered events, and the source's event time. Sections
    /// written with an encoding this build does not read are skipped and listed in the result. On error nothing
    /// changes.
    @discardableResult
    public mutating func restore(partition bytes: [UInt8]) throws(CheckpointError) -> RestoredPartition {
        var reader = BinaryReader(bytes)
        try readHeader(.partition, &reader)
        let table = try SectionTable(&reader, expected: CheckpointSection.partition)
        let source = try table.decode(.source) { (section) throws(CheckpointError) in
            let source = try section.signedInt("source")
            let state = try section.bool("source state") ? try WatermarkTracker.Source(from: &section) : nil
            return (id: source, state: state)
        }
        let section = try ShopSection(table)
        if let source, var state = source.state {
            // A restored partition starts active, as a newly assigned one does: the caller marks it idle again
            // once it is caught up and quiet (an idle source would have its events rejected as late).
            state.idle = false
            watermarks.sources[source.id] = state
            if let highest = state.highest { watermarks.frontier = max(watermarks.frontier ?? highest, highest) }
        }
        var restored = merge(section, source: source?.id)
        restored.skipped = table.skipped
        return restored
    }

    /// Writes the part of a partition (as ``checkpoint(sources:partitionOf:)`` would) and removes its shops, their
    /// incidents, orders and buffered events, and the source, from the engine: the partition moved away. On error
    /// nothing is removed (``remove(partition:partitionOf:)`` drops the state without writing it).
    public mutating func extract(partition source: Int, partitionOf: (String) -> Int?) throws(CheckpointError)
        -> [UInt8]
    {
        var groups = Grouping(engine: self, sources: [source], partitionOf: partitionOf)
        let part = try encodePartition(source, groups.take(source))
        remove(partition: source, partitionOf: partitionOf)
        return part
    }

    /// Removes a partition's shops, their incidents, orders and buffered events, and the source from the engine.
    public mutating func remove(partition source: Int, partitionOf: (String) -> Int?) {
        var leaving = Set<Int32>()
        for (index, shop) in shops.enumerated() where partitionOf(shop.id) == source { leaving.insert(Int32(index)) }
        removeShops(leaving)
        buffer.removeAll { partitionOf($0.shopID) == source }
        catchingUp[source] = nil
        watermarks.remove(source)
    }

    // MARK: Parts

    private func encodeInstance(_ members: Grouping.Members, otherIncidents: [IncidentKey], sources: Set<Int>)
        throws(CheckpointError) -> [UInt8]
    {
        let ringKeys = rings.phones.count + rings.addresses.count + rings.buyers.count
        var writer = header(
            .instance,
            capacity: buyers.count * 40 + phones.count * 24 + dedup.count * 8 + ringKeys * 64
                + Self.estimatedSize(members))
        writer.count(CheckpointSection.instance.count, "sections")
        try writer.section(.eventTime) { writeEventTime(to: &$0, sources: sources) }
        try writer.section(.dedup) { dedup.write(to: &$0) }
        try writer.section(.platform) { platform.write(to: &$0) }
        try writer.section(.buyers) { writeBuyers(to: &$0) }
        try writer.section(.phones) { writePhones(to: &$0) }
        try writer.section(.identityWindows) { rings.writeWindows(to: &$0) }
        try writer.section(.ringGroups) { rings.writeGroups(to: &$0) }
        try writer.section(.identityPending) { identityStage.write(to: &$0) }
        try writer.section(.incidents) { writeIncidents(otherIncidents, to: &$0) }
        try writeShopSections(members, to: &writer)
        if let failure = writer.failure { throw failure }
        return writer.finish()
    }

    private func encodePartition(_ source: Int, _ members: Grouping.Members) throws(CheckpointError) -> [UInt8] {
        var writer = header(.partition, capacity: Self.estimatedSize(members))
        writer.count(CheckpointSection.partition.count, "sections")
        try writer.section(.source) { writer in
            writer.signed(Int64(source))
            writer.bool(watermarks.sources[source] != nil)
            watermarks.sources[source]?.write(to: &writer)
        }
        try writeShopSections(members, to: &writer)
        if let failure = writer.failure { throw failure }
        return writer.finish()
    }

    private static func estimatedSize(_ members: Grouping.Members) -> Int {
        members.shops.count * 4096 + members.orders.count * 44 + members.events.count * 128 + 65_536
    }

    private func header(_ kind: EngineCheckpoint.Kind, capacity: Int) -> BinaryWriter {
        var writer = BinaryWriter(capacity: capacity)
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

    // MARK: Instance sections

    private func writeEventTime(to writer: inout BinaryWriter, sources: Set<Int>) {
        writer.i64(processedThrough)
        writer.optionalI64(clock.nextTick)
        writer.i64(lastEvictionSweep)
        writer.optionalI64(streamStart)
        // With partitions, the frontier is rebuilt from the partitions restored: a restored engine with no source
        // yet would otherwise take the frontier for its event time and judge everything before it.
        let instanceSources = watermarks.sources.filter { !sources.contains($0.key) }
        writer.optionalI64(sources.isEmpty ? watermarks.frontier : instanceSources.values.compactMap(\.highest).max())
        writer.count(instanceSources.count, "sources")
        for (source, state) in instanceSources.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(source))
            state.write(to: &writer)
        }
    }

    private mutating func readEventTime(from reader: inout BinaryReader) throws(CheckpointError) {
        processedThrough = try reader.i64("processed-through time")
        clock.nextTick = try reader.optionalI64("next tick")
        lastEvictionSweep = try reader.i64("last eviction sweep")
        streamStart = try reader.bool("stream start") ? try reader.time("stream start") : nil
        watermarks.frontier = try reader.optionalI64("frontier")
        let sourceCount = try reader.count("sources", minimumSize: 3)
        for _ in 0..<sourceCount {
            let source = try reader.signedInt("source")
            watermarks.sources[source] = try WatermarkTracker.Source(from: &reader)
        }
    }

    private func writeBuyers(to writer: inout BinaryWriter) {
        writer.count(buyers.count, "buyers")
        writer.reserve(buyers.count * (8 + BuyerRecord.minimumEncodedSize + 8))
        for (key, buyer) in buyers {
            writer.u64(key)
            buyer.write(to: &writer)
        }
    }

    private mutating func readBuyers(from reader: inout BinaryReader) throws(CheckpointError) {
        let count = try reader.count("buyers", minimumSize: 8 + BuyerRecord.minimumEncodedSize)
        buyers.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.u64("buyer key")
            buyers[key] = try BuyerRecord(from: &reader)
        }
    }

    private func writePhones(to writer: inout BinaryWriter) {
        writer.count(phones.count, "phones")
        writer.reserve(phones.count * (8 + PhoneRecord.encodedSize))
        for (key, phone) in phones {
            writer.u64(key)
            phone.write(to: &writer)
        }
    }

    private mutating func readPhones(from reader: inout BinaryReader) throws(CheckpointError) {
        let count = try reader.count("phones", minimumSize: 8 + PhoneRecord.encodedSize)
        phones.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.u64("phone key")
            phones[key] = try PhoneRecord(from: &reader)
        }
    }

    private func writeIncidents(_ keys: [IncidentKey], to writer: inout BinaryWriter) {
        writer.count(keys.count, "incidents")
        for key in keys {
            key.write(to: &writer)
            incidents.incidents[key]!.write(to: &writer)
        }
    }

    fileprivate static func readIncidents(from reader: inout BinaryReader) throws(CheckpointError)
        -> [(IncidentKey, Incident)]
    {
        let count = try reader.count("incidents", minimumSize: 8)
        var incidents: [(IncidentKey, Incident)] = []
        for _ in 0..<count {
            let key = try IncidentKey(from: &reader)
            incidents.append((key, try Incident(from: &reader)))
        }
        return incidents
    }

    // MARK: Shop sections

    /// Writes the shop sections of one part. The shops are numbered by their position in the `shops` section;
    /// the review state and the orders refer to them by that number.
    private func writeShopSections(_ members: Grouping.Members, to writer: inout BinaryWriter)
        throws(CheckpointError)
    {
        var local = [Int32](repeating: -1, count: shops.count)
        for (position, index) in members.shops.enumerated() { local[Int(index)] = Int32(position) }
        func position(_ index: Int32, _ writer: inout BinaryWriter) -> UInt64 {
            guard index >= 0, Int(index) < local.count, local[Int(index)] >= 0 else {
                writer.fail(CheckpointError(.unencodable, "shop \(index) is not in the part being written"))
                return 0
            }
            return UInt64(local[Int(index)])
        }
        try writer.section(.shops) { writer in
            writer.count(members.shops.count, "shops")
            for index in members.shops {
                shops[Int(index)].windows.write(to: &writer)
                writer.bool(clock.watched.contains(index))
            }
            let dirty = clock.dirty.filter { local[Int($0)] >= 0 }
            writer.count(dirty.count, "dirty shops")
            for index in dirty {
                let position = position(index, &writer)
                writer.varint(position)
            }
        }
        try writer.section(.orderBurst) { writer in
            let open = members.shops.enumerated().filter { shops[Int($0.element)].orderBurst.open != nil }
            writer.count(open.count, "open bursts")
            for (position, index) in open {
                writer.varint(UInt64(position))
                shops[Int(index)].orderBurst.open!.write(to: &writer)
            }
        }
        try writer.section(.reverseBrushing) { writer in
            let traced = members.shops.enumerated().filter { !shops[Int($0.element)].reverseBrushing.bursts.isEmpty }
            writer.count(traced.count, "shops with traced bursts")
            for (position, index) in traced {
                writer.varint(UInt64(position))
                let bursts = shops[Int(index)].reverseBrushing.bursts
                writer.count(bursts.count, "traced bursts")
                for record in bursts { record.write(to: &writer) }
            }
        }
        try writer.section(.refundStorm) { writer in
            // Every shop has its refund panes, in the order of the shops section.
            writer.count(members.shops.count, "refund windows")
            for index in members.shops { shops[Int(index)].refundStorm.refunds.write(to: &writer) }
        }
        try writer.section(.shopReviews) { writer in
            let reviewed = members.shops.filter { shops[Int($0)].reviews != nil }
            writer.count(reviewed.count, "shop reviews")
            for index in reviewed {
                let position = position(index, &writer)
                writer.varint(position)
                shops[Int(index)].reviews!.write(to: &writer)
                writer.bool(clock.watchedReviews.contains(index))
            }
            let dirty = clock.reviewed.filter { local[Int($0)] >= 0 }
            writer.count(dirty.count, "shops with new reviews")
            for index in dirty {
                let position = position(index, &writer)
                writer.varint(position)
            }
        }
        try writer.section(.shopIncidents) { writeIncidents(members.incidents, to: &$0) }
        try writer.section(.orders) { writer in
            writer.count(members.orders.count, "orders")
            writer.reserve(members.orders.count * (8 + OrderRecord.minimumEncodedSize + 8))
            for (key, record) in members.orders {
                writer.u64(key)
                let position = position(record.shop, &writer)
                record.write(to: &writer, shop: Int32(position))
            }
        }
        try writer.section(.bufferedEvents) { writer in
            writer.count(members.events.count, "buffered events")
            for event in members.events { event.write(to: &writer) }
        }
    }

    /// Adds a decoded part's shops and what belongs to them.
    private mutating func merge(_ section: ShopSection, source: Int?) -> RestoredPartition {
        var global: [Int32] = []
        for (position, (windows, watched)) in section.shops.enumerated() {
            var shop = ShopState(windows: windows, rules: rules)
            shop.orderBurst.open = section.openBursts[Int32(position)]
            shop.reverseBrushing.bursts = section.tracedBursts[Int32(position)] ?? []
            if let refunds = section.refundWindows?[position] { shop.refundStorm = .init(refunds: refunds) }
            let index: Int32
            if let existing = shopIndex[windows.id] {
                index = existing
                shops[Int(index)] = shop
            } else {
                index = Int32(shops.count)
                shops.append(shop)
                shopIndex[windows.id] = index
            }
            if watched { clock.watched.insert(index) }
            global.append(index)
        }
        for position in section.dirty {
            let index = global[Int(position)]
            if !shops[Int(index)].dirty {
                shops[Int(index)].dirty = true
                clock.dirty.append(index)
            }
        }
        for (position, reviews, watched) in section.reviews {
            let index = global[Int(position)]
            shops[Int(index)].reviews = reviews
            if watched { clock.watchedReviews.insert(index) }
        }
        for position in section.reviewsDirty where !clock.reviewed.contains(global[Int(position)]) {
            clock.reviewed.append(global[Int(position)])
        }
        for (key, incident) in section.incidents { incidents.incidents[key] = incident }
        orders.reserveCapacity(orders.count + section.orders.count)
        for (key, record) in section.orders {
            var record = record
            record.shop = global[Int(record.shop)]
            orders.append(key, record)
        }
        for event in section.events {
            // A catching-up partition's events behind the processed time go back to it.
            if let source, event.timestamp < processedThrough {
                catchingUp[source, default: CatchUp()].shops.insert(event.shopID)
                catchingUp[source, default: CatchUp()].buffer.insert(event)
            } else {
                buffer.insert(event)
            }
        }
        var ids = section.shops.map(\.shop.id)
        var seen = Set(ids)
        for event in section.events where seen.insert(event.shopID).inserted { ids.append(event.shopID) }
        return RestoredPartition(
            shops: ids, incidents: section.incidents.count, bufferedEvents: section.events.count, skipped: [])
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
        incidents.incidents = incidents.incidents.filter {
            $0.value.subject.kind != .shop || !leavingIDs.contains($0.value.subject.id)
        }
        clock.renumber(renumbered)
        for source in catchingUp.keys { catchingUp[source]!.clock.renumber(renumbered) }
        var changed: [(UInt64, OrderRecord?)] = []
        orders.forEach { key, record in
            guard renumbered[Int(record.shop)] != record.shop else { return }
            var moved = record
            moved.shop = renumbered[Int(record.shop)]
            changed.append((key, moved.shop >= 0 ? moved : nil))
        }
        for (key, record) in changed { orders[key] = record }
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
        for (key, incident) in engine.incidents.incidents.sorted(by: {
            ($0.key.rule, $0.key.subject) < ($1.key.rule, $1.key.subject)
        }) {
            if incident.subject.kind == .shop, let index = engine.shopIndex[incident.subject.id] {
                members[partOfShop[Int(index)], default: Members()].incidents.append(key)
            } else {
                otherIncidents.append(key)
            }
        }
        engine.orders.forEach { key, record in
            members[partOfShop[Int(record.shop)], default: Members()].orders.append((key, record))
        }
        for buffer in [engine.buffer] + engine.catchingUp.keys.sorted().map({ engine.catchingUp[$0]!.buffer }) {
            for second in buffer.buckets.keys.sorted() {
                for event in buffer.buckets[second]! {
                    members[part(event.shopID), default: Members()].events.append(event)
                }
            }
        }
    }

    mutating func take(_ source: Int?) -> Members {
        members.removeValue(forKey: source) ?? Members()
    }
}

/// A decoded part's shop sections, checked before any of it is applied. A skipped section leaves its part empty.
private struct ShopSection {
    var shops: [(shop: ShopWindows, watched: Bool)] = []
    var dirty: [Int32] = []
    var openBursts: [Int32: OpenBurst] = [:]
    var tracedBursts: [Int32: [BurstRecord]] = [:]
    /// One per shop, in order; `nil` when the section was skipped.
    var refundWindows: [PaneRing<Int>]?
    var reviews: [(Int32, ShopReviews, Bool)] = []
    var reviewsDirty: [Int32] = []
    var incidents: [(IncidentKey, Incident)] = []
    var orders: [(UInt64, OrderRecord)] = []
    var events: [Event] = []

    init(_ table: SectionTable) throws(CheckpointError) {
        var decoded = ShopSection()
        try table.decode(.shops) { (section) throws(CheckpointError) in
            (decoded.shops, decoded.dirty) = try Self.readShops(&section)
        }
        let shopCount = decoded.shops.count
        try table.decode(.orderBurst) { (section) throws(CheckpointError) in
            let count = try section.count("open bursts", minimumSize: 40)
            for _ in 0..<count {
                let position = try Self.readPosition(&section, "shop with an open burst", shops: shopCount)
                decoded.openBursts[position] = try OpenBurst(from: &section)
            }
        }
        try table.decode(.reverseBrushing) { (section) throws(CheckpointError) in
            let count = try section.count("shops with traced bursts", minimumSize: 2)
            for _ in 0..<count {
                let position = try Self.readPosition(&section, "shop with traced bursts", shops: shopCount)
                let bursts = try section.count("traced bursts", minimumSize: 8)
                var records: [BurstRecord] = []
                for _ in 0..<bursts { records.append(try BurstRecord(from: &section)) }
                decoded.tracedBursts[position] = records
            }
        }
        try table.decode(.refundStorm) { (section) throws(CheckpointError) in
            let count = try section.count("refund windows", minimumSize: 8)
            guard count == shopCount else {
                throw CheckpointError(.malformed, "\(count) refund windows for \(shopCount) shops")
            }
            var windows: [PaneRing<Int>] = []
            windows.reserveCapacity(count)
            for _ in 0..<count { windows.append(try PaneRing(from: &section)) }
            decoded.refundWindows = windows
        }
        try table.decode(.shopReviews) { (section) throws(CheckpointError) in
            (decoded.reviews, decoded.reviewsDirty) = try Self.readReviews(&section, shops: shopCount)
        }
        try table.decode(.shopIncidents) { (section) throws(CheckpointError) in
            decoded.incidents = try Engine.readIncidents(from: &section)
        }
        try table.decode(.orders) { (section) throws(CheckpointError) in
            decoded.orders = try Self.readOrders(&section, shops: shopCount)
        }
        try table.decode(.bufferedEvents) { (section) throws(CheckpointError) in
            decoded.events = try Self.readEvents(&section)
        }
        self = decoded
    }

    private init() {}

    private static func readShops(_ reader: inout BinaryReader) throws(CheckpointError) -> (
        [(shop: ShopWindows, watched: Bool)], [Int32]
    ) {
        let count = try reader.count("shops", minimumSize: ShopWindows.minimumEncodedSize)
        var shops: [(shop: ShopWindows, watched: Bool)] = []
        shops.reserveCapacity(count)
        for _ in 0..<count {
            let shop = try ShopWindows(from: &reader)
            shops.append((shop, try reader.bool("shop watched")))
        }
        return (shops, try readPositions(&reader, "dirty shops", shops: count))
    }

    private static func readReviews(_ reader: inout BinaryReader, shops: Int) throws(CheckpointError) -> (
        [(Int32, ShopReviews, Bool)], [Int32]
    ) {
        let count = try reader.count("shop reviews", minimumSize: 30)
        var reviews: [(Int32, ShopReviews, Bool)] = []
        for _ in 0..<count {
            let position = try readPosition(&reader, "reviewed shop", shops: shops)
            let value = try ShopReviews(from: &reader)
            reviews.append((position, value, try reader.bool("reviews watched")))
        }
        return (reviews, try readPositions(&reader, "shops with new reviews", shops: shops))
    }

    private static func readOrders(_ reader: inout BinaryReader, shops: Int) throws(CheckpointError) -> [(
        UInt64, OrderRecord
    )] {
        let count = try reader.count("orders", minimumSize: 8 + OrderRecord.minimumEncodedSize)
        var orders: [(UInt64, OrderRecord)] = []
        orders.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.u64("order key")
            let record = try OrderRecord(from: &reader)
            guard Int(record.shop) < shops else {
                throw CheckpointError(.malformed, "order of shop \(record.shop), the part has \(shops) shops")
            }
            orders.append((key, record))
        }
        return orders
    }

    private static func readEvents(_ reader: inout BinaryReader) throws(CheckpointError) -> [Event] {
        let count = try reader.count("buffered events", minimumSize: 16)
        var events: [Event] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try Event(from: &reader)) }
        return events
    }

    private static func readPosition(_ reader: inout BinaryReader, _ what: String, shops: Int) throws(CheckpointError)
        -> Int32
    {
        let position = try reader.varint(what)
        guard position < UInt64(shops) else {
            throw CheckpointError(.malformed, "\(what) \(position) of \(shops)")
        }
        return Int32(position)
    }

    private static func readPositions(_ reader: inout BinaryReader, _ what: String, shops: Int)
        throws(CheckpointError) -> [Int32]
    {
        let count = try reader.count(what)
        var positions: [Int32] = []
        positions.reserveCapacity(count)
        for _ in 0..<count { positions.append(try readPosition(&reader, what, shops: shops)) }
        return positions
    }
}
