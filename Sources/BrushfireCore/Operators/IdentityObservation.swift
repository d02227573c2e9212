/// What crosses the seam from the shop-keyed side to the identity-keyed side for one event: fingerprints, masked
/// display forms, account keys and flags — never a raw phone, address or name. The shop side builds it (it holds
/// the orders, so it knows which fingerprints a refund or a review falls on, and that each order counts once);
/// the identity side applies it to the windows of the keys it names. Everything the identity operators learn
/// arrives this way, so they can run wherever their keys are partitioned.
enum IdentityObservation: Sendable {
    /// An order: counted against its account, its receiver phone and (when the address names a door) its door.
    case order(OrderSeen)
    /// The first refund of an order (or a refund of an order no longer remembered).
    case refund(RefundSeen)
    /// The first 1–2 star review or `extortion` complaint of a remembered order, or its first extortion complaint.
    case hit(HitSeen)

    struct OrderSeen: Sendable {
        var time: Int64
        /// The stable hash of the event's id.
        var event: UInt64
        var account: UInt64
        /// The buyer's id, the label of the account's window.
        var buyerID: String
        /// 0 when the receiver phone names no single line.
        var phone: UInt64
        var phoneDisplay: String
        /// 0 unless the address names a door: only a door links accounts.
        var door: UInt64
        var doorDisplay: String
    }

    struct RefundSeen: Sendable {
        var time: Int64
        var event: UInt64
        var account: UInt64
        var buyerID: String
        /// The refunded order's phone and door, when the order is remembered.
        var phone: UInt64?
        var door: UInt64?
        /// The stable hash of the shop's id: the same on every instance (a shop's index is not).
        var shop: UInt64
        var citation: RingCitation
    }

    struct HitSeen: Sendable {
        var time: Int64
        var event: UInt64
        /// The account that placed the order.
        var account: UInt64
        var phone: UInt64?
        var door: UInt64?
        /// The stable hash of the shop's id.
        var shop: UInt64
        /// The order's first hit (an order counts as hit once however many hostile events follow it).
        var firstHit: Bool
        var extortion: Bool
        var citation: RingCitation
    }
}
