/// The keys that tripped one ring rule and share accounts, reported as one incident: a ring seen through
/// three phones, two addresses and twenty accounts is one alert that grows, not twenty-five.
///
/// A key that trips joins the open group of its rule that already holds one of its accounts, else starts a
/// group of its own and becomes its subject. Counts are unions over the members (exact up to the caps), so an
/// order shipped to a shared phone and a shared address is counted once.
struct RingGroup: Sendable {
    var id: Int
    var rule: String
    var subjectKey: IdentityKey
    /// The alert subject's id (a fingerprint id or a buyer id) and masked display form.
    var subjectID: String
    var subjectDisplay: String?
    /// Members in the order they joined, at most `memberLimit`.
    var members: [IdentityKey] = []
    var accounts: Set<UInt64> = []
    var shops: Set<UInt64> = []
    /// Orders cited (hit orders for `fingerprint_ring`, refunded orders for `refund_abuse`).
    var orders: Set<UInt64> = []
    var extortionOrders: Set<UInt64> = []
    var evidenceOrders: [String] = []
    var evidenceBuyers: [String] = []
    /// Event time of the earliest order cited.
    var firstCited: Int64
    /// The last evaluation at which a member met the rule with fresh evidence.
    var lastHeld: Int64

    /// What a key that meets its rule brings to its group.
    struct Evidence: Sendable {
        var accounts: [UInt64]
        var shops: [UInt64]
        var citations: [RingCitation]
    }

    static let memberLimit = 256
    static let setLimit = 100_000
    static let evidenceLimit = 100

    init(id: Int, rule: String, subjectKey: IdentityKey, subject: AlertSubject, at time: Int64) {
        self.id = id
        self.rule = rule
        self.subjectKey = subjectKey
        self.subjectID = subject.id
        self.subjectDisplay = subject.display
        self.firstCited = time
        self.lastHeld = time
    }

    var subject: AlertSubject {
        let kind: AlertSubject.Kind =
            switch subjectKey.kind {
            case .phone: .phone
            case .address: .address
            case .buyer: .buyer
            }
        return AlertSubject(kind: kind, id: subjectID, display: subjectDisplay)
    }

    func count(of kind: IdentityKind) -> Int {
        members.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }

    /// Adds a member's accounts, shops and citations.
    mutating func absorb(accounts newAccounts: [UInt64], shops newShops: [UInt64], citations: [RingCitation]) {
        for account in newAccounts where accounts.count < Self.setLimit { accounts.insert(account) }
        for shop in newShops where shops.count < Self.setLimit { shops.insert(shop) }
        for citation in citations {
            firstCited = min(firstCited, citation.time)
            if citation.extortion && extortionOrders.count < Self.setLimit { extortionOrders.insert(citation.orderKey) }
            if accounts.count < Self.setLimit { accounts.insert(citation.buyerKey) }
            guard orders.count < Self.setLimit, orders.insert(citation.orderKey).inserted else { continue }
            if evidenceOrders.count < Self.evidenceLimit { evidenceOrders.append(citation.order) }
            if evidenceBuyers.count < Self.evidenceLimit && !evidenceBuyers.contains(citation.buyer) {
                evidenceBuyers.append(citation.buyer)
            }
        }
    }

    /// Adds another group of the same ring: its accounts, shops and cited orders, and its evidence after this
    /// group's own, within the same caps.
    mutating func absorb(group other: RingGroup) {
        for account in other.accounts where accounts.count < Self.setLimit { accounts.insert(account) }
        for shop in other.shops where shops.count < Self.setLimit { shops.insert(shop) }
        for order in other.orders where orders.count < Self.setLimit { orders.insert(order) }
        for order in other.extortionOrders where extortionOrders.count < Self.setLimit {
            extortionOrders.insert(order)
        }
        for order in other.evidenceOrders where evidenceOrders.count < Self.evidenceLimit {
            if !evidenceOrders.contains(order) { evidenceOrders.append(order) }
        }
        for buyer in other.evidenceBuyers where evidenceBuyers.count < Self.evidenceLimit {
            if !evidenceBuyers.contains(buyer) { evidenceBuyers.append(buyer) }
        }
        firstCited = min(firstCited, other.firstCited)
        lastHeld = max(lastHeld, other.lastHeld)
    }
}
