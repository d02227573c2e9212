/// The identity side's intake: every key observation the shop side makes waits here until the identity side's
/// next pane boundary, and is applied there in one canonical order — by event time, then event, then key in the
/// order an event names them (account, phone, door) — not in the order it arrived.
///
/// Across instances, the observations of one key come from every instance's shop side, interleaved as their
/// topic happens to deliver them; applied on arrival, a window's sketches, its citations and the order a group
/// walk visits keys would depend on that interleaving. Sorted, they depend only on the observations themselves,
/// so one process and a group of them build the same windows. In one process the shop side hands its
/// observations straight to the stage: the same path, with no topic in between.
struct IdentityStage: Sendable {
    /// Observations not yet applied, in the order they came.
    private(set) var pending: [KeyObservation] = []

    init(pending: [KeyObservation] = []) {
        self.pending = pending
    }

    mutating func offer(_ observation: KeyObservation) {
        pending.append(observation)
    }

    /// Applies every pending observation with an event time before `time` to the windows, in canonical order;
    /// later ones keep waiting.
    mutating func drain(before time: Int64, _ operators: IdentityOperators, _ rings: inout RingState) {
        guard !pending.isEmpty else { return }
        // Usually the observations came in canonical order already (one process makes them in event-time order,
        // and two events of the same millisecond are rare): then they are applied as they lie.
        if Self.isCanonical(pending, before: time) {
            for position in pending.indices {
                Self.prefetch(ahead: position, of: pending.count, rings) { pending[$0].key }
                operators.observe(pending[position], &rings)
            }
            pending.removeAll(keepingCapacity: true)
            return
        }
        var order: [Entry] = []
        order.reserveCapacity(pending.count)
        for index in pending.indices where pending[index].time < time {
            let observation = pending[index]
            order.append(
                Entry(
                    time: observation.time, event: observation.event, rank: Self.rank(observation.key.kind),
                    index: Int32(truncatingIfNeeded: index)))
        }
        guard !order.isEmpty else { return }
        order.sort { ($0.time, $0.event, $0.rank) < ($1.time, $1.event, $1.rank) }
        for position in order.indices {
            Self.prefetch(ahead: position, of: order.count, rings) { pending[Int(order[$0].index)].key }
            operators.observe(pending[Int(order[position].index)], &rings)
        }
        if order.count == pending.count {
            pending.removeAll(keepingCapacity: true)
        } else {
            pending.removeAll { $0.time < time }
        }
    }

    /// Before the observation at `position` of `count` is applied: hints the index bucket of the key eight
    /// observations on, and the window of the key four on, whose bucket was hinted four observations ago. Each
    /// window update would otherwise wait on memory twice (a table of a million windows is far larger than the
    /// cache); this way the waits overlap with the updates in between. Hints only: the windows are the same.
    @inline(__always)
    private static func prefetch(ahead position: Int, of count: Int, _ rings: RingState, key: (Int) -> IdentityKey) {
        if position + 8 < count { rings.prefetch(key(position + 8), window: false) }
        if position + 4 < count { rings.prefetch(key(position + 4), window: true) }
    }

    /// Whether every observation lies before `time` and each comes after the one before it in canonical order.
    private static func isCanonical(_ observations: [KeyObservation], before time: Int64) -> Bool {
        var previous = (time: Int64.min, event: UInt64(0), rank: UInt8(0))
        for observation in observations {
            let next = (time: observation.time, event: observation.event, rank: rank(observation.key.kind))
            guard next.time < time, previous <= next else { return false }
            previous = next
        }
        return true
    }

    /// Where a key comes among those one event names: ``IdentityObservation/forEachKey(_:)``'s order.
    static func rank(_ kind: IdentityKind) -> UInt8 {
        switch kind {
        case .buyer: 0
        case .phone: 1
        case .address: 2
        }
    }

    private struct Entry {
        var time: Int64
        var event: UInt64
        var rank: UInt8
        var index: Int32
    }
}
