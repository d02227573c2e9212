import PropertyBased
import Testing

@testable import BrushfireCore

/// The flat stores against plain references: the key index against a `Dictionary`, the identity table against an
/// array of (key, window) pairs searched one by one, and the order ring against a list of every placement with
/// the ones still remembered marked. Keys come from a small pool so that they collide, are removed and come back.
@Suite struct FlatStorePropertyTests {
    /// (operation, key, value) triples over a pool of 60 keys, one of them the zero key.
    static let operations = zip(Gen.int(in: 0...9), Gen.int(in: 0...59), Gen.int(in: 0...1_000)).array(of: 1...400)

    /// Pool keys: a few small values (zero among them) and spread 64-bit ones.
    static func key(_ n: Int) -> UInt64 {
        n < 8 ? UInt64(n) : StableHash.mix(UInt64(n)) | (UInt64(n & 3) << 62)
    }

    @Test("The key index answers every lookup, insertion, update and removal as a Dictionary does")
    func keyIndex() async {
        // Four tag bits: most keys share a tag with others, so the answers rest on the checks against the store.
        await propertyCheck(count: 200, input: Self.operations, Gen.oneOf(Gen.int(in: 0...0), Gen.int(in: 1...4))) {
            steps, tagBits in
            var index = KeyIndex(tagMask: tagBits == 0 ? .max : UInt32(1 << tagBits) - 1)
            var reference: [UInt64: Int32] = [:]
            // The store: slot `n + 60 * k` holds pool key `n`, so a key can move between slots of its own.
            let keyAt = { (slot: Int32) in Self.key(Int(slot) % 60) }
            for (operation, n, value) in steps {
                let key = Self.key(n)
                let slot = Int32(n + 60 * (value % 16))
                switch operation {
                case 0...3:
                    let old = reference.updateValue(slot, forKey: key)
                    #expect(index.updateSlot(slot, forKey: key, keyAt: keyAt) == old)
                case 4...5:
                    let found = index.slot(of: key, orInsert: slot, keyAt: keyAt)
                    if let old = reference[key] {
                        #expect(found == (old, false))
                    } else {
                        reference[key] = slot
                        #expect(found == (slot, true))
                    }
                case 6...8:
                    #expect(index.remove(key, keyAt: keyAt) == reference.removeValue(forKey: key))
                default:
                    index.reserveCapacity(value)
                    #expect(index.capacity >= value)
                }
                #expect(index.count == reference.count)
                #expect(index.runsAreUnbroken)
            }
            for n in 0..<60 { #expect(index.slot(of: Self.key(n), keyAt: keyAt) == reference[Self.key(n)]) }
        }
    }

    @Test("The pane map records, finds, keeps and lists last-seen panes as a Dictionary does")
    func paneMap() async {
        // Seed 1 as well as random ones: the layout changes with the seed, the answers must not.
        await propertyCheck(count: 200, input: Self.operations, Gen.int(in: 0...3)) { steps, seedChoice in
            var map = seedChoice == 0 ? PaneMap(seed: 1) : PaneMap()
            var reference: [UInt64: Int64] = [:]
            for (operation, n, value) in steps {
                let key = Self.key(n)
                let pane = Int64(value) - 500
                switch operation {
                case 0...5:
                    #expect(map.updateValue(pane, forKey: key) == reference.updateValue(pane, forKey: key))
                case 6...7:
                    #expect(map[key] == reference[key])
                case 8:
                    map.keep { $0 >= pane }
                    reference = reference.filter { $0.value >= pane }
                    #expect(map.capacity <= max(16, 2 * reference.count * 4 / 3 + 2), "a sweep shrinks the table")
                default:
                    map.reserveCapacity(value % 200)
                    #expect(map.capacity * 3 >= (value % 200) * 4)
                }
                #expect(map.count == reference.count)
                #expect(map.count * 4 <= map.capacity * 3)
            }
            let listed = map.map { ($0.key, $0.pane) }
            #expect(listed.count == reference.count)
            #expect(Dictionary(listed, uniquingKeysWith: { a, _ in a }) == reference)
            for n in 0..<60 { #expect(map[Self.key(n)] == reference[Self.key(n)]) }
        }
    }

    /// The reference identity table: pairs in slab order, a removed pair replaced by the last, a sweep keeping the
    /// order of the rest.
    struct ReferenceTable {
        var pairs: [(key: UInt64, lastSeen: Int64)] = []

        mutating func touch(_ key: UInt64, at time: Int64) {
            if let at = pairs.firstIndex(where: { $0.key == key }) {
                pairs[at].lastSeen = max(pairs[at].lastSeen, time)
            } else {
                pairs.append((key, time))
            }
        }

        mutating func remove(_ key: UInt64) {
            guard let at = pairs.firstIndex(where: { $0.key == key }) else { return }
            pairs.swapAt(at, pairs.count - 1)
            pairs.removeLast()
        }
    }

    @Test("The identity table keeps, finds, removes and sweeps windows as an array of pairs does, in its order")
    func identityTable() async {
        await propertyCheck(count: 200, input: Self.operations, Gen.int(in: 0...4)) { steps, tagBits in
            var table = FlatTable<IdentityWindow>(tagMask: tagBits == 0 ? .max : UInt32(1 << tagBits) - 1)
            var reference = ReferenceTable()
            for (operation, n, value) in steps {
                let key = Self.key(n)
                let time = Int64(value)
                switch operation {
                case 0...5:
                    table.update(key, orMake: { IdentityWindow(label: "k\(n)", at: time) }) {
                        $0.lastSeen = max($0.lastSeen, time)
                    }
                    reference.touch(key, at: time)
                case 6...7:
                    table[key] = nil
                    reference.remove(key)
                case 8:
                    table.removeAll { $0.lastSeen < time }
                    reference.pairs.removeAll { $0.lastSeen < time }
                default:
                    // Prefetch hints, whose guessed slot may be another key's when tags are short, change nothing.
                    table.prefetchIndex(key)
                    table.prefetchValue(key)
                    let found = table.updateIfPresent(key) { $0.lastSeen }
                    #expect(found == reference.pairs.first { $0.key == key }?.lastSeen)
                }
                #expect(table.map(\.key) == reference.pairs.map(\.key))
                #expect(table.map(\.value.lastSeen) == reference.pairs.map(\.lastSeen))
            }
            for n in 0..<60 {
                let key = Self.key(n)
                #expect(table[key]?.label == (reference.pairs.contains { $0.key == key } ? "k\(n)" : nil))
            }
        }
    }

    /// The reference order memory: every placement in order, those still remembered marked, expiry dropping from
    /// the oldest placement while it is too old or too many orders are remembered.
    struct ReferenceOrders {
        var placements: [(key: UInt64, record: OrderRecord, live: Bool)] = []
        var retention: Int64
        var maximum: Int

        var live: [(UInt64, OrderRecord)] { placements.filter(\.live).map { ($0.key, $0.record) } }

        mutating func forget(_ key: UInt64) {
            if let at = placements.firstIndex(where: { $0.key == key && $0.live }) { placements[at].live = false }
        }

        mutating func insert(_ key: UInt64, _ record: OrderRecord) {
            forget(key)
            placements.append((key, record, true))
            while let oldest = placements.first,
                oldest.record.timestamp < record.timestamp - retention || placements.count(where: \.live) > maximum
            {
                placements.removeFirst()
            }
        }
    }

    @Test("The order queue remembers, updates, forgets and expires orders as a list of placements does")
    func orderRing() async {
        await propertyCheck(
            count: 200, input: Self.operations, Gen.int(in: 1...300), Gen.int(in: 1...40), Gen.int(in: 0...3),
            Gen.int(in: 0...4)
        ) { steps, retention, maximum, chunkBits, tagBits in
            var orders = OrderTable(
                retention: Int64(retention), maximumEntries: maximum, chunkBits: chunkBits,
                tagMask: tagBits == 0 ? .max : UInt32(1 << tagBits) - 1)
            var reference = ReferenceOrders(retention: Int64(retention), maximum: maximum)
            var now: Int64 = 0
            for (operation, n, value) in steps {
                let key = Self.key(n)
                switch operation {
                case 0...5:
                    now += Int64(value % 40)
                    let record = OrderRecord(shop: Int32(value), timestamp: now, buyer: 1, phone: 2, address: 3)
                    orders.insert(key, record)
                    reference.insert(key, record)
                case 6:
                    orders[key] = nil
                    reference.forget(key)
                case 7...8:
                    let changed = orders.update(key) { record -> Int32 in
                        record.ringFlags |= UInt8(value & 7)
                        return record.shop
                    }
                    let at = reference.placements.firstIndex { $0.key == key && $0.live }
                    if let at { reference.placements[at].record.ringFlags |= UInt8(value & 7) }
                    #expect(changed == at.map { reference.placements[$0].record.shop })
                default:
                    #expect(orders[key]?.shop == reference.live.first { $0.0 == key }?.1.shop)
                }
                var remembered: [(UInt64, OrderRecord)] = []
                orders.forEach { remembered.append(($0, $1)) }
                #expect(remembered.map(\.0) == reference.live.map(\.0))
                #expect(remembered.map(\.1.ringFlags) == reference.live.map(\.1.ringFlags))
                #expect(orders.count == reference.live.count)
            }
        }
    }
}
