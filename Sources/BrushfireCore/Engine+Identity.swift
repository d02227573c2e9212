/// Bits of `OrderRecord.ringFlags`: what the ring windows already counted for an order.
enum RingFlag {
    /// The order's address names a door, so it may link accounts.
    static let specificAddress: UInt8 = 1
    static let refunded: UInt8 = 2
    static let hit: UInt8 = 4
    static let extortion: UInt8 = 8
}

extension Engine {
    /// The identity keys an order's refund or hit counts against: its phone and its door, if any.
    func fingerprintKeys(of record: OrderRecord) -> (phone: IdentityKey?, address: IdentityKey?) {
        (
            record.phone != 0 ? IdentityKey(kind: .phone, value: record.phone) : nil,
            record.address != 0 && record.ringFlags & RingFlag.specificAddress != 0
                ? IdentityKey(kind: .address, value: record.address) : nil
        )
    }

    /// Hands an observation to the identity side, one key's share at a time: each waits in ``identityStage`` for
    /// the next pane boundary. Counts its wire form when ``identityWire`` is set.
    mutating func tellIdentity(_ observation: IdentityObservation) {
        observation.forEachKey { keyed in
            identityWire?.record(keyed)
            identityStage.offer(keyed)
        }
    }

    /// Tells the identity side of an order: its account, its receiver phone and (when it names a door) its door.
    mutating func ringsObserveOrder(_ event: Event, receiver: ReceiverFeatures, buyer: UInt64) {
        guard identity.wanted else { return }
        let door = receiver.address != 0 && !receiver.vague ? receiver.address : 0
        tellIdentity(
            .order(
                .init(
                    time: event.timestamp, event: StableHash.of(event.eventID), account: buyer,
                    buyerID: event.buyerID, phone: receiver.phone,
                    phoneDisplay: receiver.phoneDisplay, door: door,
                    doorDisplay: door != 0 ? receiver.addressDisplay : "")
            ))
    }

    /// Tells the identity side of a refund: against the refunding account and the order's fingerprints, once per
    /// order. `remembered` is the refunded order of this shop as it was before the refund, if it is remembered.
    mutating func ringsObserveRefund(_ event: Event, shop: Int32, orderKey: UInt64, remembered: OrderRecord?) {
        guard rules.refundAbuse.enabled, let orderID = event.orderID else { return }
        var keys: (phone: IdentityKey?, address: IdentityKey?) = (nil, nil)
        if let record = remembered {
            guard record.ringFlags & RingFlag.refunded == 0 else { return }
            keys = fingerprintKeys(of: record)
        }
        let buyer = StableHash.of(event.buyerID)
        let citation = RingCitation(
            order: orderID, buyer: event.buyerID, orderKey: orderKey, buyerKey: buyer, time: event.timestamp,
            refund: true)
        tellIdentity(
            .refund(
                .init(
                    time: event.timestamp, event: StableHash.of(event.eventID), account: buyer,
                    buyerID: event.buyerID, phone: keys.phone?.value, door: keys.address?.value,
                    shop: StableHash.of(event.shopID), citation: citation)))
    }

    /// Tells the identity side of a 1–2 star review or a shop's `extortion` complaint against a remembered order:
    /// an order counts as hit only once however many hostile events follow it.
    mutating func ringsObserveHit(_ event: Event, shop: Int32, extortion: Bool) {
        guard rules.fingerprintRing.enabled, let orderID = event.orderID else { return }
        let orderKey = StableHash.of(orderID)
        let flags = RingFlag.hit | (extortion ? RingFlag.extortion : 0)
        let found =
            orders.update(orderKey) { record -> OrderRecord? in
                guard record.shop == shop else { return nil }
                let before = record
                record.ringFlags |= flags
                return before
            } ?? nil
        guard let record = found else { return }
        let firstHit = record.ringFlags & RingFlag.hit == 0
        let newExtortion = extortion && record.ringFlags & RingFlag.extortion == 0
        guard firstHit || newExtortion else { return }
        let citation = RingCitation(
            order: orderID, buyer: event.buyerID, orderKey: orderKey, buyerKey: record.buyer, time: event.timestamp,
            hit: true, extortion: extortion)
        let keys = fingerprintKeys(of: record)
        tellIdentity(
            .hit(
                .init(
                    time: event.timestamp, event: StableHash.of(event.eventID), account: record.buyer,
                    phone: keys.phone?.value, door: keys.address?.value, shop: StableHash.of(event.shopID),
                    firstHit: firstHit, extortion: extortion, citation: citation)))
    }

    /// A 1–2 star review: a possible ring hit, a data point for `review_bombing`, and a reviewer `retaliation`
    /// watches over. Enrichment judges the reviewer here: new to the platform, or linked to other accounts through
    /// the order's phone or door.
    mutating func ringsObserveNegativeReview(_ event: Event, shop: Int32) {
        ringsObserveHit(event, shop: shop, extortion: false)
        guard operators.wantsReviews else { return }
        let t = event.timestamp
        let buyer = StableHash.of(event.buyerID)
        let bombing = rules.reviewBombing
        var isNew = false
        if let record = buyers[buyer], let start = streamStart {
            isNew = t - record.firstSeen < bombing.newAccountAge && record.firstSeen - start >= bombing.newAccountAge
        }
        var isLinked = false
        if let orderID = event.orderID, let record = orders[StableHash.of(orderID)] {
            let since = t - rules.fingerprintRing.window
            let keys = fingerprintKeys(of: record)
            for key in [keys.phone, keys.address].compactMap({ $0 }) {
                if let window = rings[key], window.accounts.count(since: since) >= bombing.linkedAccounts {
                    isLinked = true
                }
            }
        }
        let review = NegativeReview(
            time: t, order: event.orderID ?? event.eventID, buyer: event.buyerID, isNew: isNew, isLinked: isLinked)
        operators.observe(review, by: buyer, &shops[Int(shop)])
        markReviewed(shop)
    }

    /// A complaint: a shop's `extortion` complaint is a ring hit; a buyer's `harassment` complaint soon after
    /// their own negative review of the shop is a retaliation.
    mutating func ringsObserveComplaint(_ event: Event, shop: Int32) {
        if event.complaintKind == .extortion && event.filedBy == .shop {
            ringsObserveHit(event, shop: shop, extortion: true)
        }
        guard operators.wantsHarassment, event.complaintKind == .harassment, event.filedBy == .buyer else { return }
        let buyer = (id: event.buyerID, key: StableHash.of(event.buyerID))
        let order = event.orderID ?? event.eventID
        if operators.observeHarassment(by: buyer, order: order, at: event.timestamp, &shops[Int(shop)]) {
            markReviewed(shop)
        }
    }

    /// Queues a shop with review state for the review operators at its clock's next tick.
    mutating func markReviewed(_ shop: Int32) {
        guard shops[Int(shop)].reviews?.dirty == false else { return }
        shops[Int(shop)].reviews!.dirty = true
        if let source = applyingFor {
            catchingUp[source]!.clock.reviewed.append(shop)
        } else {
            clock.reviewed.append(shop)
        }
    }

    /// Forgets identity windows idle longer than both the eviction horizon and the longest identity window, and
    /// review state a shop no longer needs.
    mutating func evictIdleRings(now: Int64) {
        // Windows are kept for weeks: a daily sweep is enough, and rebuilding the maps hourly would cost more
        // than the events themselves.
        guard rings.lastSweep == Int64.min || now - rings.lastSweep >= IdentityWindow.dayMillis else { return }
        rings.lastSweep = now
        let horizon = now - max(rules.engine.idleEviction, rules.fingerprintRing.window, rules.refundAbuse.window)
        if rings.phones.count > 1024 { rings.phones.removeAll { $0.lastSeen < horizon } }
        if rings.addresses.count > 1024 { rings.addresses.removeAll { $0.lastSeen < horizon } }
        if rings.buyers.count > 1024 { rings.buyers.removeAll { $0.lastSeen < horizon } }
        let reviewSince = now - rules.reviewBombing.longestWindow
        let reviewersSince = now - rules.retaliation.within
        let retaliationsSince = now - rules.retaliation.window
        for index in shops.indices where shops[index].reviews != nil {
            shops[index].reviews!.expire(
                reviewsSince: reviewSince, reviewersSince: reviewersSince, retaliationsSince: retaliationsSince)
            let reviews = shops[index].reviews!
            if reviews.isIdle && !reviews.dirty && now - reviews.bombing.hour * 3_600_000 > 7 * 86_400_000 {
                shops[index].reviews = nil
            }
        }
    }
}
