/// The identity-keyed side of the seam: windows per phone, door and account (``RingState``), and the rules that
/// read them, `fingerprint_ring` and `refund_abuse`. It learns only what ``IdentityObservation``s tell it, and is
/// keyed only by fingerprints and accounts, so it can be partitioned by fingerprint.
///
/// At each pane boundary it checks the keys touched since the last one; a key that meets a rule joins the open
/// group of that rule it is linked to (through shared accounts), or starts one; each group is one incident.
struct IdentityOperators: Sendable {
    let fingerprintRing: FingerprintRingOperator
    let refundAbuse: RefundAbuseOperator
    let fingerprinter: Fingerprinter
    /// Days of day panes each identity window keeps: the longest identity rule window, and a day more.
    let horizonDays: Int32
    /// Any rule needs the identity windows at all.
    let wanted: Bool
    private let ringEnabled: Bool
    private let abuseEnabled: Bool

    /// The longest stretch a group walk or a membership looks back over.
    private let linkWindow: Int64

    static let walkLimit = 2_000

    init(rules: Rules, fingerprinter: Fingerprinter) {
        fingerprintRing = FingerprintRingOperator(rules: rules.fingerprintRing)
        refundAbuse = RefundAbuseOperator(rules: rules.refundAbuse)
        self.fingerprinter = fingerprinter
        horizonDays = Int32(
            clamping: max(rules.fingerprintRing.window, rules.refundAbuse.window) / IdentityWindow.dayMillis + 1)
        wanted = rules.fingerprintRing.enabled || rules.refundAbuse.enabled || rules.reviewBombing.enabled
        ringEnabled = rules.fingerprintRing.enabled
        abuseEnabled = rules.refundAbuse.enabled
        linkWindow = max(rules.fingerprintRing.window, rules.refundAbuse.window)
    }

    // MARK: Observations

    func observe(_ observation: IdentityObservation, _ rings: inout RingState) {
        observation.forEachKey { observe($0, &rings) }
    }

    /// Applies one key's share of an observation to that key's window: all the identity side does per event, and
    /// all it needs to know of it.
    func observe(_ observation: KeyObservation, _ rings: inout RingState) {
        let days = horizonDays
        let t = observation.time
        let key = observation.key
        switch observation.change {
        case .order(let account, let phone, let door, let label):
            rings.update(key, label: label, at: t) { window in
                // A refund or hit of the same millisecond may have come first and made the window without a label.
                if window.label.isEmpty { window.label = label }
                window.count(at: t, horizonDays: days) { $0.orders += 1 }
                if key.kind == .buyer {
                    if phone != 0 { window.linkedPhones.insert(phone, at: t) }
                    if door != 0 { window.linkedAddresses.insert(door, at: t) }
                } else {
                    window.accounts.insert(account, at: t)
                }
            }
        case .refund(let account, let shop, let citation):
            rings.update(key, label: observation.label, at: t, dirty: true) { window in
                window.count(at: t, horizonDays: days) { $0.refunds += 1 }
                window.refundShops.insert(shop, at: t)
                window.refundAccounts.insert(account, at: t)
                window.cite(citation)
            }
        case .hit(let account, let shop, let firstHit, let extortion, let citation):
            rings.update(key, label: "", at: t, dirty: true) { window in
                window.count(at: t, horizonDays: days) { pane in
                    if firstHit { pane.hits += 1 }
                    if extortion { pane.extortion += 1 } else { pane.negativeReviews += 1 }
                }
                window.hitShops.insert(shop, at: t)
                window.hitAccounts.insert(account, at: t)
                window.cite(citation)
            }
        }
    }

    // MARK: Ticks

    /// Runs the identity rules at pane boundary `time`: the keys touched since the last tick, in the order they
    /// were touched, then the groups by id.
    func evaluate(
        at time: Int64, _ rings: inout RingState, platformRefundShare: Double, incidents: inout IncidentTracker
    ) {
        if !rings.dirtyKeys.isEmpty {
            let keys = rings.dirtyKeys
            rings.dirtyKeys.removeAll(keepingCapacity: true)
            var missed: [IdentityKey] = []
            var walked = Walked()
            for key in keys {
                rings.clearDirty(key)
                guard let window = rings[key] else { continue }
                if key.kind != .buyer && ringEnabled {
                    if let evidence = fingerprintRing.check(window, at: time) {
                        join(
                            RuleName.fingerprintRing, key, window, evidence, at: time, &rings, &walked, &incidents)
                    } else {
                        missed.append(key)
                    }
                }
                if abuseEnabled,
                    let evidence = refundAbuse.check(window, at: time, platformRefundShare: platformRefundShare)
                {
                    join(RuleName.refundAbuse, key, window, evidence, at: time, &rings, &walked, &incidents)
                }
            }
            // Fingerprints that meet the rule alone come first: a linked ring is looked for only where none of the
            // fingerprints it reaches did so at this tick.
            for key in missed {
                guard let window = rings[key], let linked = linkedRing(from: key, window, at: time, rings) else {
                    continue
                }
                join(
                    RuleName.fingerprintRing, key, window, linked.evidence, at: time, &rings, &walked, &incidents)
                adopt(linked.keys, intoRingOf: key, &rings)
            }
        }
        driveGroups(at: time, &rings, platformRefundShare: platformRefundShare, incidents: &incidents)
    }

    /// The alert subject for an identity key: a fingerprint id with its masked display form, or a buyer id.
    func subject(_ key: IdentityKey, _ window: IdentityWindow) -> AlertSubject {
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

    /// The keys the group walks of one tick have visited, per rule: a member reached by an earlier walk at this
    /// tick is not walked from again, since that walk already merged every group it could reach.
    private struct Walked {
        var ring: Set<IdentityKey> = []
        var abuse: Set<IdentityKey> = []
    }

    /// Adds a key that meets `rule` to the open group of that rule it is linked to, or starts a group; the group
    /// then counts as held at `time`. When the walk from the key reaches more than one open group, the groups have
    /// turned out to be one ring (an account has linked them since they opened): they are merged into the oldest,
    /// and the incidents of the others resolve naming it.
    private func join(
        _ rule: String, _ key: IdentityKey, _ window: IdentityWindow, _ evidence: RingGroup.Evidence, at time: Int64,
        _ rings: inout RingState, _ walked: inout Walked, _ incidents: inout IncidentTracker
    ) {
        let isRing = rule == RuleName.fingerprintRing
        var id = isRing ? rings.ringMembership[key] : rings.abuseMembership[key]
        let visited = isRing ? walked.ring : walked.abuse
        var reachable: [Int] = []
        if id == nil || !visited.contains(key) {
            let walk = connectedGroups(from: key, rule: rule, since: time - linkWindow, rings)
            reachable = walk.groups
            if isRing { walked.ring.formUnion(walk.visited) } else { walked.abuse.formUnion(walk.visited) }
        }
        if id == nil {
            id = reachable.first
            if id == nil {
                let made = rings.nextGroupID
                rings.nextGroupID += 1
                rings.groups[made] = RingGroup(
                    id: made, rule: rule, subjectKey: key, subject: subject(key, window), at: time)
                id = made
            }
            if isRing { rings.ringMembership[key] = id } else { rings.abuseMembership[key] = id }
            if let id, rings.groups[id]!.members.count < RingGroup.memberLimit {
                rings.groups[id]!.members.append(key)
            }
        }
        guard var id else { return }
        let others = reachable.filter { $0 != id }
        if let oldest = others.min(), oldest < id {
            merge(id, into: oldest, at: time, &rings, &incidents)
            id = oldest
        }
        for other in others.sorted() where other != id {
            merge(other, into: id, at: time, &rings, &incidents)
        }
        var accounts = evidence.accounts
        if key.kind == .buyer { accounts.append(key.value) }
        rings.groups[id]!.absorb(accounts: accounts, shops: evidence.shops, citations: evidence.citations)
        rings.groups[id]!.lastHeld = time
    }

    /// Folds group `absorbed` into group `survivor`: its members, accounts, shops and citations. Its incident, if
    /// it opened one, resolves with its last figures and a summary that names the survivor's incident, which
    /// carries on with the union.
    private func merge(
        _ absorbed: Int, into survivor: Int, at time: Int64, _ rings: inout RingState,
        _ incidents: inout IncidentTracker
    ) {
        guard let gone = rings.groups.removeValue(forKey: absorbed), rings.groups[survivor] != nil else { return }
        let isRing = gone.rule == RuleName.fingerprintRing
        for member in gone.members {
            if isRing {
                if rings.ringMembership[member] == absorbed { rings.ringMembership[member] = survivor }
            } else if rings.abuseMembership[member] == absorbed {
                rings.abuseMembership[member] = survivor
            }
            if rings.groups[survivor]!.members.count < RingGroup.memberLimit
                && !rings.groups[survivor]!.members.contains(member)
            {
                rings.groups[survivor]!.members.append(member)
            }
        }
        rings.groups[survivor]!.absorb(group: gone)
        let survivorKey = IncidentKey(rule: gone.rule, subject: rings.groups[survivor]!.subjectID)
        incidents.merge(IncidentKey(rule: gone.rule, subject: gone.subjectID), into: survivorKey, at: time)
    }

    /// A ring no single fingerprint shows: the phones and doors linked to `start` through the accounts that used
    /// them, taken together, meet `fingerprint_ring` although none does alone — a gang that spreads its orders over
    /// many phones and doors (or spellings of them) leaves a few hits on each. The walk goes only through
    /// fingerprints that were hit and whose own share of hit orders is at least half the rule's, so an honest
    /// pickup point or dormitory neither joins nor dilutes it; it is bounded like the group walk. None when it
    /// reaches a fingerprint whose ring was held at this tick: that ring already says it. Returns the evidence of
    /// the whole and the fingerprints that make it up.
    private func linkedRing(
        from start: IdentityKey, _ startWindow: IdentityWindow, at time: Int64, _ rings: RingState
    ) -> (evidence: RingGroup.Evidence, keys: [IdentityKey])? {
        let rules = fingerprintRing.rules
        let since = time - rules.window
        func qualifies(_ window: IdentityWindow) -> Bool {
            let totals = window.totals(since: since)
            return totals.hits > 0 && Double(totals.hits) >= Double(totals.orders) * rules.minHitShare / 2
        }
        guard qualifies(startWindow) else { return nil }
        var queue = [start]
        var visited: Set<IdentityKey> = [start]
        var fingerprints: [IdentityKey] = []
        var next = 0
        while next < queue.count && next < Self.walkLimit {
            let key = queue[next]
            next += 1
            guard let window = rings[key] else { continue }
            switch key.kind {
            case .phone, .address:
                guard key == start || qualifies(window) else { continue }
                if let id = rings.ringMembership[key], rings.groups[id]?.lastHeld == time { return nil }
                fingerprints.append(key)
                for account in window.hitAccounts.heldKeys(since: since) {
                    let neighbour = IdentityKey(kind: .buyer, value: account)
                    if visited.insert(neighbour).inserted { queue.append(neighbour) }
                }
            case .buyer:
                let linked =
                    window.linkedPhones.heldKeys(since: since).map { IdentityKey(kind: .phone, value: $0) }
                    + window.linkedAddresses.heldKeys(since: since).map { IdentityKey(kind: .address, value: $0) }
                for neighbour in linked where visited.insert(neighbour).inserted { queue.append(neighbour) }
            }
        }
        guard fingerprints.count > 1 else { return nil }
        // An order shipped to a phone and a door counts in both: judge hits and orders by the kind with more hits.
        var totals: [IdentityKind: (hits: Int, orders: Int)] = [:]
        var accounts: [UInt64] = []
        var shops: [UInt64] = []
        var seenAccounts = Set<UInt64>()
        var seenShops = Set<UInt64>()
        var citations: [RingCitation] = []
        var cited = Set<UInt64>()
        for key in fingerprints {
            guard let window = rings[key] else { continue }
            let day = window.totals(since: since)
            totals[key.kind, default: (0, 0)].hits += Int(day.hits)
            totals[key.kind, default: (0, 0)].orders += Int(day.orders)
            for account in window.hitAccounts.heldKeys(since: since) where seenAccounts.insert(account).inserted {
                accounts.append(account)
            }
            for shop in window.hitShops.heldKeys(since: since) where seenShops.insert(shop).inserted {
                shops.append(shop)
            }
            for citation in window.citationsInOrder where citation.hit && cited.insert(citation.orderKey).inserted {
                citations.append(citation)
            }
        }
        guard let whole = totals.values.max(by: { ($0.hits, -$0.orders) < ($1.hits, -$1.orders) }) else { return nil }
        let share = Double(whole.hits) / Double(max(whole.orders, 1))
        guard accounts.count >= rules.minAccounts, shops.count >= rules.minShops, whole.hits >= rules.minHits,
            share >= rules.minHitShare
        else { return nil }
        return (RingGroup.Evidence(accounts: accounts, shops: shops, citations: citations), fingerprints)
    }

    /// Makes the fingerprints of a linked ring members of the ring group `start` just joined, unless they belong to
    /// another.
    private func adopt(_ keys: [IdentityKey], intoRingOf start: IdentityKey, _ rings: inout RingState) {
        guard let id = rings.ringMembership[start], rings.groups[id] != nil else { return }
        for key in keys where key != start && rings.ringMembership[key] == nil {
            rings.ringMembership[key] = id
            if rings.groups[id]!.members.count < RingGroup.memberLimit { rings.groups[id]!.members.append(key) }
        }
    }

    /// The open groups of `rule` that `start` reaches through shared fingerprints, nearest first, and the keys the
    /// walk visited: a walk from fingerprint to the accounts behind it and from account to the fingerprints it
    /// used, through fingerprints that have been hit or refunded only (an honest dormitory does not join two
    /// rings). The walk is bounded; keys are visited in the order they were recorded, so the answer is
    /// deterministic.
    private func connectedGroups(
        from start: IdentityKey, rule: String, since: Int64, _ rings: RingState
    ) -> (groups: [Int], visited: Set<IdentityKey>) {
        let membership = rule == RuleName.fingerprintRing ? rings.ringMembership : rings.abuseMembership
        var queue = [start]
        var visited: Set<IdentityKey> = [start]
        var groups: [Int] = []
        var next = 0
        while next < queue.count && next < Self.walkLimit {
            let key = queue[next]
            next += 1
            if let id = membership[key], rings.groups[id] != nil, !groups.contains(id) { groups.append(id) }
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
        return (groups, visited)
    }

    /// Drives every group's incident: held when a member met its rule at this tick, else quiet until it resolves.
    /// Quiet groups are checked every ten minutes of event time; a resolved group is dissolved.
    private func driveGroups(
        at time: Int64, _ rings: inout RingState, platformRefundShare: Double, incidents: inout IncidentTracker
    ) {
        guard !rings.groups.isEmpty else { return }
        let anyHeld = rings.groups.values.contains { $0.lastHeld == time }
        guard anyHeld || time - rings.lastGroupCheck >= 600_000 else { return }
        rings.lastGroupCheck = time
        for id in rings.groups.keys.sorted() {
            guard let group = rings.groups[id] else { continue }
            let subjectWindow = rings[group.subjectKey]
            let isRing = group.rule == RuleName.fingerprintRing
            let open =
                isRing
                ? fingerprintRing.drive(group, subjectWindow: subjectWindow, at: time, incidents: &incidents)
                : refundAbuse.drive(
                    group, subjectWindow: subjectWindow, at: time, platformRefundShare: platformRefundShare,
                    incidents: &incidents)
            guard !open else { continue }
            rings.groups[id] = nil
            for member in group.members {
                if isRing {
                    if rings.ringMembership[member] == id { rings.ringMembership[member] = nil }
                } else if rings.abuseMembership[member] == id {
                    rings.abuseMembership[member] = nil
                }
            }
        }
    }
}
