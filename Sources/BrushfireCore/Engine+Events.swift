extension Engine {
    /// Applies one event, in event-time order, to the windows and keyed state.
    mutating func apply(_ event: Event) {
        statistics.eventsByType[Int(event.type.rawValue)] += 1
        if streamStart == nil { streamStart = event.timestamp }
        let shop = internShop(event.shopID, at: event.timestamp)
        shops[Int(shop)].windows.roll(to: event.timestamp)
        shops[Int(shop)].windows.lastEvent = event.timestamp
        shops[Int(shop)].windows.minutes.record(event.type, at: event.timestamp)
        switch event.type {
        case .order: applyOrder(event, shop: shop)
        case .refund: applyRefund(event, shop: shop)
        case .review: applyReview(event, shop: shop)
        case .complaint: applyComplaint(event, shop: shop)
        }
        markDirty(shop)
        if event.timestamp - lastEvictionSweep >= 3_600_000 {
            evictIdle(now: event.timestamp)
        }
    }

    mutating func internShop(_ id: String, at timestamp: Int64) -> Int32 {
        if let index = shopIndex[id] { return index }
        let index = Int32(shops.count)
        shops.append(ShopState(id: id, at: timestamp, rules: rules))
        shopIndex[id] = index
        return index
    }

    /// The receiver's identity features: fingerprints, their masked display forms, and whether the address names
    /// a door. Masked and invalid phones get no fingerprint: they never link orders.
    struct ReceiverFeatures {
        var phone: UInt64 = 0
        var address: UInt64 = 0
        var name: UInt64 = 0
        var vague = true
        var phoneDisplay = ""
        var addressDisplay = ""
    }

    mutating func features(of receiver: Receiver?) -> ReceiverFeatures {
        var features = ReceiverFeatures()
        guard let receiver else { return features }
        if let raw = receiver.phone, !raw.isEmpty {
            let phone = receiverCache.phone(raw, fingerprinter)
            features.phone = phone.fingerprint
            features.phoneDisplay = phone.display
        }
        if let raw = receiver.address, !raw.isEmpty {
            let address = receiverCache.address(raw, fingerprinter)
            features.vague = address.vague
            features.address = address.fingerprint
            features.addressDisplay = address.display
        }
        if let raw = receiver.name, !raw.isEmpty {
            features.name = receiverCache.name(raw, fingerprinter)
        }
        return features
    }

    mutating func applyOrder(_ event: Event, shop: Int32) {
        let t = event.timestamp
        let receiver = features(of: event.receiver)
        let buyerKey = StableHash.of(event.buyerID)
        // The shop's distinct counters are read last; their slots are fetched while the buyer and phone are looked up.
        shops[Int(shop)].windows.buyers.prefetch(buyerKey)
        if receiver.phone != 0 { shops[Int(shop)].windows.phones.prefetch(receiver.phone) }
        if receiver.address != 0 { shops[Int(shop)].windows.addresses.prefetch(receiver.address) }

        // Is the buyer new to the platform, and does the receiver match earlier use?
        var isNew = false
        var mismatched = false
        // One probe for a buyer or phone, new or returning: the record is made or changed where it lies.
        buyers.update(buyerKey, orMake: { BuyerRecord(firstSeen: t, lastSeen: t) }) { buyer, made in
            isNew = made
            if buyer.orders > 0, receiver.phone != 0 || receiver.address != 0 {
                let phoneChanged = receiver.phone != 0 && buyer.lastPhone != 0 && receiver.phone != buyer.lastPhone
                let addressChanged =
                    receiver.address != 0 && buyer.lastAddress != 0 && receiver.address != buyer.lastAddress
                mismatched = phoneChanged && addressChanged
            }
            buyer.lastSeen = t
            buyer.orders += 1
            if made || receiver.phone != 0 { buyer.lastPhone = receiver.phone }
            if made || receiver.address != 0 { buyer.lastAddress = receiver.address }
        }
        if receiver.phone != 0 {
            let record = PhoneRecord(lastSeen: t, lastName: receiver.name, lastBuyer: buyerKey)
            phones.update(receiver.phone, orMake: { record }) { phone in
                if receiver.name != 0 && phone.lastName != 0 && phone.lastName != receiver.name { mismatched = true }
                // A brand-new account shipping to a phone another account uses: someone else's receiver.
                if isNew && phone.lastBuyer != buyerKey { mismatched = true }
                phone = record
            }
        }

        let s = Int(shop)
        shops[s].windows.panes.update(at: t) { pane in
            pane.orders += 1
            if receiver.vague { pane.vagueOrders += 1 }
            if isNew { pane.newBuyerOrders += 1 }
            if mismatched { pane.mismatchedOrders += 1 }
        }
        shops[s].windows.buyers.observe(buyerKey, at: t)
        if receiver.phone != 0 { shops[s].windows.phones.observe(receiver.phone, at: t) }
        if receiver.address != 0 { shops[s].windows.addresses.observe(receiver.address, at: t) }
        shops[s].windows.tally.orders += 1
        if receiver.vague { shops[s].windows.tally.vague += 1 }
        if isNew { shops[s].windows.tally.newBuyers += 1 }
        if mismatched { shops[s].windows.tally.mismatched += 1 }
        platform.record(t) { tally in
            tally.orders += 1
            if receiver.vague { tally.vague += 1 }
            if isNew { tally.newBuyers += 1 }
            if mismatched { tally.mismatched += 1 }
        }
        // The platform's surge counts a shop's orders only up to a few times what the shop expects this hour.
        if Double(shops[s].windows.tally.orders) <= 3 * shops[s].windows.baseline.expectedOrdersPerHour(at: t) + 5 {
            platform.capped += 1
        }
        let orderID = event.orderID ?? event.eventID
        shops[s].windows.remember(order: orderID, buyer: event.buyerID)
        operators.observe(
            OrderFacts(
                orderID: orderID, buyerID: event.buyerID, timestamp: t, vague: receiver.vague, newBuyer: isNew,
                mismatched: mismatched, itemID: event.itemID), &shops[s])
        if trace != nil {
            traceOrder(event, orderID: orderID, receiver: receiver, newBuyer: isNew, mismatched: mismatched)
        }
        orders.insert(
            StableHash.of(orderID),
            OrderRecord(
                shop: shop, timestamp: t, buyer: buyerKey, phone: receiver.phone, address: receiver.address,
                ringFlags: receiver.vague ? 0 : RingFlag.specificAddress))
        ringsObserveOrder(event, receiver: receiver, buyer: buyerKey)
    }

    mutating func applyRefund(_ event: Event, shop: Int32) {
        let t = event.timestamp
        let s = Int(shop)
        shops[s].windows.panes.update(at: t) { $0.refunds += 1 }
        shops[s].windows.tally.refunds += 1
        platform.record(t) { $0.refunds += 1 }
        // The refunded order as it was before this refund, if it is remembered (one probe for both sides).
        var remembered: OrderRecord?
        var orderKey: UInt64 = 0
        if let orderID = event.orderID {
            orderKey = StableHash.of(orderID)
            let ringsCount = rules.refundAbuse.enabled
            remembered =
                orders.update(orderKey) { record -> OrderRecord? in
                    guard record.shop == shop else { return nil }
                    let before = record
                    record.refunded = true
                    if ringsCount { record.ringFlags |= RingFlag.refunded }
                    return before
                } ?? nil
        }
        ringsObserveRefund(event, shop: shop, orderKey: orderKey, remembered: remembered)
        // The refunded order, if it is remembered and this is its first refund.
        var first: (placed: Int64, id: String, buyer: String)?
        if let record = remembered, !record.refunded, let orderID = event.orderID {
            first = (record.timestamp, orderID, event.buyerID)
        }
        operators.observeRefund(at: t, order: first, &shops[s])
        if trace != nil { traceRefund(event, orderPlacedAt: first?.placed) }
    }

    mutating func applyReview(_ event: Event, shop: Int32) {
        guard let rating = event.rating, rating <= 2 else { return }
        shops[Int(shop)].windows.panes.update(at: event.timestamp) { $0.negativeReviews += 1 }
        ringsObserveNegativeReview(event, shop: shop)
    }

    mutating func applyComplaint(_ event: Event, shop: Int32) {
        shops[Int(shop)].windows.panes.update(at: event.timestamp) { $0.complaints += 1 }
        ringsObserveComplaint(event, shop: shop)
    }

    /// Forgets buyers and phones idle longer than the rules allow, and trims shops' distinct-key maps.
    mutating func evictIdle(now: Int64) {
        lastEvictionSweep = now
        let horizon = now - rules.engine.idleEviction
        if buyers.count > 1024 { buyers.removeAll { $0.lastSeen < horizon } }
        if phones.count > 1024 { phones.removeAll { $0.lastSeen < horizon } }
        orders.expire(now: now)
        evictIdleRings(now: now)
    }
}
