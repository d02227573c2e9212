/// One identity key's share of an ``IdentityObservation``: what the window of `key` counts for one event.
///
/// An observation names up to three keys (the account, the receiver phone, the door), and partitioning the
/// identity windows by key sends them to different places, so each observation is split into one of these per
/// key, in the order the windows are updated. This is the unit that crosses the seam: applied in place by
/// ``IdentityOperators/observe(_:_:)-(KeyObservation,_)``, or encoded with ``encode(into:)`` for a topic keyed by
/// ``key``. It carries fingerprints, masked display forms, account keys, order and buyer ids and flags — never a
/// raw phone, address or name.
struct KeyObservation: Sendable, Equatable {
    var key: IdentityKey
    var time: Int64
    /// The stable hash of the event's id: with `key`, what a consuming side deduplicates redeliveries on.
    var event: UInt64
    var change: Change

    enum Change: Sendable, Equatable {
        /// An order shipped to the key. For an account: the phone and door it shipped to (0 when none), and the
        /// buyer id as the label; for a phone or door: the account, and the masked display form as the label.
        case order(account: UInt64, phone: UInt64, door: UInt64, label: String)
        /// The first refund of an order the key placed or received. `shop` is the stable hash of the shop id.
        case refund(account: UInt64, shop: UInt64, citation: RingCitation)
        /// The first hit (1–2 star review or `extortion` complaint) of an order shipped to the key.
        case hit(account: UInt64, shop: UInt64, firstHit: Bool, extortion: Bool, citation: RingCitation)
    }

    /// The label a window created by this observation gets: a buyer id or a masked display form, or none.
    var label: String {
        switch change {
        case .order(_, _, _, let label): label
        case .refund(_, _, let citation): key.kind == .buyer ? citation.buyer : ""
        case .hit: ""
        }
    }
}

extension IdentityObservation {
    /// Calls `body` with the observation's share for each key it names, in the order the windows are updated:
    /// the account, then the phone, then the door.
    func forEachKey(_ body: (KeyObservation) -> Void) {
        switch self {
        case .order(let order):
            let t = order.time
            body(
                KeyObservation(
                    key: IdentityKey(kind: .buyer, value: order.account), time: t, event: order.event,
                    change: .order(account: order.account, phone: order.phone, door: order.door, label: order.buyerID)
                ))
            if order.phone != 0 {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .phone, value: order.phone), time: t, event: order.event,
                        change: .order(account: order.account, phone: 0, door: 0, label: order.phoneDisplay)))
            }
            if order.door != 0 {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .address, value: order.door), time: t, event: order.event,
                        change: .order(account: order.account, phone: 0, door: 0, label: order.doorDisplay)))
            }
        case .refund(let refund):
            let change = KeyObservation.Change.refund(
                account: refund.account, shop: refund.shop, citation: refund.citation)
            body(
                KeyObservation(
                    key: IdentityKey(kind: .buyer, value: refund.account), time: refund.time, event: refund.event,
                    change: change))
            if let phone = refund.phone {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .phone, value: phone), time: refund.time, event: refund.event,
                        change: change))
            }
            if let door = refund.door {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .address, value: door), time: refund.time, event: refund.event,
                        change: change))
            }
        case .hit(let hit):
            let change = KeyObservation.Change.hit(
                account: hit.account, shop: hit.shop, firstHit: hit.firstHit, extortion: hit.extortion,
                citation: hit.citation)
            if let phone = hit.phone {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .phone, value: phone), time: hit.time, event: hit.event, change: change))
            }
            if let door = hit.door {
                body(
                    KeyObservation(
                        key: IdentityKey(kind: .address, value: door), time: hit.time, event: hit.event, change: change
                    ))
            }
        }
    }
}

extension IdentityKey {
    /// The partition of `count` that holds this key's window, on every instance alike: fingerprints and account
    /// hashes are uniform 64-bit values, so the high word of their product with `count` spreads them evenly
    /// (and, unlike a modulus, uses all their bits). Kafka's own partitioner is not used: librdkafka's default
    /// differs from the Java client's, and every producer must agree.
    func partition(of count: Int) -> Int {
        precondition(count > 0, "a topic has at least one partition")
        return Int(value.multipliedFullWidth(by: UInt64(count)).high)
    }
}
