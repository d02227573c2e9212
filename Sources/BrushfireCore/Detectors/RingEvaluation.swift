extension Engine {
    /// Runs the ring detectors at pane boundary `time`: the identity keys touched since the last tick, then the
    /// ring groups, then the shops with new negative reviews or harassment complaints (and those with open
    /// review incidents). Order is deterministic: keys and shops in the order they were touched, groups by id.
    mutating func evaluateRings(at time: Int64) {
        if !rings.dirtyKeys.isEmpty {
            let keys = rings.dirtyKeys
            rings.dirtyKeys.removeAll(keepingCapacity: true)
            for key in keys {
                rings.clearDirty(key)
                guard let window = rings[key] else { continue }
                if key.kind != .buyer && rules.fingerprintRing.enabled { checkFingerprintRing(key, window, at: time) }
                if rules.refundAbuse.enabled { checkRefundAbuse(key, window, at: time) }
            }
        }
        driveRingGroups(at: time)
        evaluateReviewShops(at: time)
    }

    /// The alert subject for an identity key: a fingerprint id with its masked display form, or a buyer id.
    func ringSubject(_ key: IdentityKey, _ window: IdentityWindow) -> AlertSubject {
        switch key.kind {
        case .phone:
            return AlertSubject(
                kind: .phone, id: fingerprinter.identifier(Fingerprint(value: key.value), domain: .phone),
                display: window.label.isEmpty ? nil : window.label)
        case .address:
            return AlertSubject(
                kind: .address, id: fingerprinter.identifier(Fingerprint(value: key.value), domain: .address),
                display: window.label.isEmpty ? nil : window.label)
        case .buyer:
            return AlertSubject(kind: .buyer, id: window.label)
        }
    }

    /// Adds a key that meets `rule` to the open group of that rule sharing one of its accounts, or starts a
    /// group; the group then counts as held at `time`.
    mutating func joinRingGroup(
        _ rule: String, _ key: IdentityKey, _ window: IdentityWindow, accounts: [UInt64], shops: [UInt64],
        citations: [RingCitation], at time: Int64
    ) {
        let isRing = rule == RuleName.fingerprintRing
        var id = isRing ? rings.ringMembership[key] : rings.abuseMembership[key]
        if id == nil {
            id = connectedGroup(
                from: key, rule: rule, since: time - max(rules.fingerprintRing.window, rules.refundAbuse.window))
            if id == nil {
                let made = rings.nextGroupID
                rings.nextGroupID += 1
                rings.groups[made] = RingGroup(
                    id: made, rule: rule, subjectKey: key, subject: ringSubject(key, window), at: time)
                id = made
            }
            if isRing { rings.ringMembership[key] = id } else { rings.abuseMembership[key] = id }
            if let id, rings.groups[id]!.members.count < RingGroup.memberLimit {
                rings.groups[id]!.members.append(key)
            }
        }
        guard let id else { return }
        var extra = accounts
        if key.kind == .buyer { extra.append(key.value) }
        rings.groups[id]!.absorb(accounts: extra, shops: shops, citations: citations)
        rings.groups[id]!.lastHeld = time
    }

    /// The open group of `rule` nearest to `key` through shared fingerprints: a walk from fingerprint to the
    /// accounts behind it and from account to the fingerprints it used, through fingerprints that have been hit
    /// or refunded only (an honest dormitory does not join two rings). The walk is bounded; keys are visited in
    /// the order they were recorded, so the answer is deterministic.
    func connectedGroup(from start: IdentityKey, rule: String, since: Int64) -> Int? {
        let membership = rule == RuleName.fingerprintRing ? rings.ringMembership : rings.abuseMembership
        var queue = [start]
        var visited: Set<IdentityKey> = [start]
        var next = 0
        while next < queue.count && next < Self.ringWalkLimit {
            let key = queue[next]
            next += 1
            if let id = membership[key], rings.groups[id] != nil { return id }
            guard let window = rings[key] else { continue }
            var neighbours: [IdentityKey] = []
            switch key.kind {
            case .phone, .address:
                guard
                    key == start || window.hitAccounts.count(since: since) > 0
                        || window.refundAccounts.count(since: since) > 0
                else { continue }
                for account in window.accounts.heldKeys(since: since) {
                    neighbours.append(IdentityKey(kind: .buyer, value: account))
                }
            case .buyer:
                for phone in window.linkedPhones.heldKeys(since: since) {
                    neighbours.append(IdentityKey(kind: .phone, value: phone))
                }
                for address in window.linkedAddresses.heldKeys(since: since) {
                    neighbours.append(IdentityKey(kind: .address, value: address))
                }
            }
            for neighbour in neighbours where visited.insert(neighbour).inserted { queue.append(neighbour) }
        }
        return nil
    }

    static let ringWalkLimit = 2_000

    /// Drives every ring group's incident: held when a member met its rule at this tick, else quiet until it
    /// resolves. Quiet groups are checked every ten minutes of event time.
    mutating func driveRingGroups(at time: Int64) {
        guard !rings.groups.isEmpty else { return }
        let anyHeld = rings.groups.values.contains { $0.lastHeld == time }
        guard anyHeld || time - rings.lastGroupCheck >= 600_000 else { return }
        rings.lastGroupCheck = time
        for id in rings.groups.keys.sorted() {
            guard let group = rings.groups[id] else { continue }
            let key = IncidentKey(rule: group.rule, subject: group.subjectID)
            if group.rule == RuleName.fingerprintRing {
                driveFingerprintRing(group, key, at: time)
            } else {
                driveRefundAbuse(group, key, at: time)
            }
            if !incidents.isOpen(key) {
                rings.groups[id] = nil
                if group.rule == RuleName.fingerprintRing {
                    for member in group.members where rings.ringMembership[member] == id {
                        rings.ringMembership[member] = nil
                    }
                } else {
                    for member in group.members where rings.abuseMembership[member] == id {
                        rings.abuseMembership[member] = nil
                    }
                }
            }
        }
    }

    /// Runs `review_bombing` and `retaliation` for the shops touched since the last tick and those with an open
    /// incident of either.
    mutating func evaluateReviewShops(at time: Int64) {
        guard !reviewedShops.isEmpty || !watchedReviewShops.isEmpty else { return }
        var candidates = reviewedShops
        reviewedShops.removeAll(keepingCapacity: true)
        for shop in candidates { shops[Int(shop)].reviews?.dirty = false }
        let fresh = Set(candidates)
        if !watchedReviewShops.isEmpty {
            candidates += watchedReviewShops.filter { !fresh.contains($0) }.sorted()
        }
        for shop in candidates {
            let s = Int(shop)
            guard shops[s].reviews != nil else {
                watchedReviewShops.remove(shop)
                continue
            }
            let id = shops[s].id
            let open = operators.evaluateReviews(
                &shops[s].reviews!, shopID: id, at: time, fresh: fresh.contains(shop), incidents: &incidents)
            if open { watchedReviewShops.insert(shop) } else { watchedReviewShops.remove(shop) }
        }
    }
}

extension Engine {
    /// Opens, updates or resolves the incident for `key` and emits the alert it calls for.
    mutating func drive(
        _ key: IncidentKey, holds: Bool, at time: Int64, windowStart: Int64, count: Int, severity: Severity,
        resolveAfter: Int64, subject: AlertSubject, alert: (Incident, AlertStatus) -> Alert
    ) {
        let finding = Finding(
            key: key, subject: subject, holds: holds, windowStart: windowStart, count: count, severity: severity,
            resolveAfter: resolveAfter, figures: ())
        incidents.drive(finding, at: time) { _, incident, status in alert(incident, status) }
    }
}
