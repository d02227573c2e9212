// The wire form of a key observation: the value of a record on the identity topic, keyed by the 9 bytes of
// `IdentityKey.wireKey`. Version 1, little-endian:
//
//   u8      version (1)
//   u8      tag: bits 0–1 the change (0 order, 1 refund, 2 hit), bits 2–3 the key's kind, bit 4 first hit,
//           bit 5 extortion, bit 6 a phone follows, bit 7 a door follows (both for an account's order)
//   u64     the key's value
//   varint  event time, zigzag
//   u64     the event id's stable hash
//   then by change:
//     order   account's phone (u64) and door (u64) when flagged, or the account (u64) for a phone or door;
//             the label (string)
//     refund  the account (u64) unless the key is that account; the shop's hash (u64); order id, buyer id
//     hit     the account (u64); the shop's hash (u64); order id, buyer id
//
// What can be derived is not sent: a citation's time is the observation's, its order key is the order id's stable
// hash, its account is the observation's account and its flags follow from the change.

extension KeyObservation {
    static let wireVersion: UInt8 = 1

    /// Appends the observation's wire form to `writer`.
    func encode(into writer: inout BinaryWriter) {
        writer.u8(Self.wireVersion)
        var tag = UInt8(key.kind.rawValue) << 2
        switch change {
        case .order(_, let phone, let door, _):
            if phone != 0 { tag |= 1 << 6 }
            if door != 0 { tag |= 1 << 7 }
        case .refund: tag |= 1
        case .hit(_, _, let firstHit, let extortion, _):
            tag |= 2
            if firstHit { tag |= 1 << 4 }
            if extortion { tag |= 1 << 5 }
        }
        writer.u8(tag)
        writer.u64(key.value)
        writer.signed(time)
        writer.u64(event)
        switch change {
        case .order(let account, let phone, let door, let label):
            if key.kind == .buyer {
                if phone != 0 { writer.u64(phone) }
                if door != 0 { writer.u64(door) }
            } else {
                writer.u64(account)
            }
            writer.string(label)
        case .refund(let account, let shop, let citation):
            if key.kind != .buyer { writer.u64(account) }
            writer.u64(shop)
            writer.string(citation.order)
            writer.string(citation.buyer)
        case .hit(let account, let shop, _, _, let citation):
            writer.u64(account)
            writer.u64(shop)
            writer.string(citation.order)
            writer.string(citation.buyer)
        }
    }

    /// Reads one observation's wire form; it must take every byte `reader` has left.
    ///
    /// - Throws: ``CheckpointError`` with reason `incompatible` for another wire version, `malformed` or
    ///   `truncated` for bytes that are not an observation.
    init(from reader: inout BinaryReader) throws(CheckpointError) {
        let version = try reader.u8("observation version")
        guard version == Self.wireVersion else {
            throw CheckpointError(
                .incompatible, "observation version \(version); this build reads \(Self.wireVersion)")
        }
        let tag = try reader.u8("observation tag")
        guard let kind = IdentityKind(rawValue: (tag >> 2) & 3) else {
            throw CheckpointError(.malformed, "observation tag \(tag) names no key kind")
        }
        let key = IdentityKey(kind: kind, value: try reader.u64("key"))
        let time = try reader.signed("event time")
        let event = try reader.u64("event")
        let change: Change
        switch tag & 3 {
        case 0:
            guard tag & 0x30 == 0, kind == .buyer || tag & 0xC0 == 0 else {
                throw CheckpointError(.malformed, "order observation tag \(tag) sets flags of another change")
            }
            if kind == .buyer {
                let phone = tag & 1 << 6 != 0 ? try reader.u64("phone") : 0
                let door = tag & 1 << 7 != 0 ? try reader.u64("door") : 0
                guard (phone != 0) == (tag & 1 << 6 != 0), (door != 0) == (tag & 1 << 7 != 0) else {
                    throw CheckpointError(.malformed, "an account's order names a zero phone or door")
                }
                change = .order(account: key.value, phone: phone, door: door, label: try reader.validString("label"))
            } else {
                let account = try reader.u64("account")
                change = .order(account: account, phone: 0, door: 0, label: try reader.validString("label"))
            }
        case 1:
            guard tag & 0xF0 == 0 else {
                throw CheckpointError(.malformed, "refund observation tag \(tag) sets flags of another change")
            }
            let account = kind == .buyer ? key.value : try reader.u64("account")
            let shop = try reader.u64("shop")
            let order = try reader.validString("order id")
            let buyer = try reader.validString("buyer id")
            change = .refund(
                account: account, shop: shop,
                citation: RingCitation(
                    order: order, buyer: buyer, orderKey: StableHash.of(order), buyerKey: account, time: time,
                    refund: true))
        case 2:
            guard tag & 0xC0 == 0 else {
                throw CheckpointError(.malformed, "hit observation tag \(tag) sets flags of another change")
            }
            let account = try reader.u64("account")
            let shop = try reader.u64("shop")
            let order = try reader.validString("order id")
            let buyer = try reader.validString("buyer id")
            let extortion = tag & 1 << 5 != 0
            change = .hit(
                account: account, shop: shop, firstHit: tag & 1 << 4 != 0, extortion: extortion,
                citation: RingCitation(
                    order: order, buyer: buyer, orderKey: StableHash.of(order), buyerKey: account, time: time,
                    hit: true, extortion: extortion))
        default:
            throw CheckpointError(.malformed, "observation tag \(tag) names no change")
        }
        try reader.expectEnd("the observation")
        self.init(key: key, time: time, event: event, change: change)
    }
}

extension IdentityKey {
    /// The record key on the identity topic: the kind, then the value little-endian.
    var wireKey: [UInt8] {
        var bytes = [kind.rawValue]
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }
}

/// What the identity observations of a run would put on the identity topic: records, value bytes and key bytes,
/// counted by encoding each one. Pure: it only counts (``Engine/identityWire``).
public struct IdentityWireMeter: Sendable, Equatable {
    public private(set) var records = 0
    public private(set) var valueBytes = 0
    /// Bytes of record keys (9 per record).
    public private(set) var keyBytes = 0
    /// Records per partition of a topic of `partitions` partitions.
    public private(set) var recordsByPartition: [Int]
    private var writer = BinaryWriter(capacity: 1 << 16)
    /// When set, every observation counted is also kept here (for tests of the wire form).
    var sample: [KeyObservation]?

    public init(partitions: Int = 1) {
        recordsByPartition = Array(repeating: 0, count: max(partitions, 1))
    }

    mutating func record(_ observation: KeyObservation) {
        let before = writer.count
        observation.encode(into: &writer)
        records += 1
        valueBytes += writer.count - before
        keyBytes += 9
        recordsByPartition[observation.key.partition(of: recordsByPartition.count)] += 1
        sample?.append(observation)
        if writer.count > 1 << 15 { _ = writer.finish() }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.records == rhs.records && lhs.valueBytes == rhs.valueBytes && lhs.keyBytes == rhs.keyBytes
            && lhs.recordsByPartition == rhs.recordsByPartition
    }
}
