/// The identity-keyed side of the engine: windows per phone, door and account, and the groups `fingerprint_ring`
/// and `refund_abuse` report. Nothing here is keyed by shop, so it can be partitioned by fingerprint.
public struct RingState: Sendable {
    var phones = FlatTable<IdentityWindow>()
    var addresses = FlatTable<IdentityWindow>()
    var buyers = FlatTable<IdentityWindow>()
    /// Identity keys touched by a refund or hit since the last evaluation, in the order they were touched.
    var dirtyKeys: [IdentityKey] = []
    /// Ring groups by id; ids rise in creation order, which fixes the order groups are evaluated in.
    var groups: [Int: RingGroup] = [:]
    var nextGroupID = 0
    /// The open group each tripped key belongs to, per rule.
    var ringMembership: [IdentityKey: Int] = [:]
    var abuseMembership: [IdentityKey: Int] = [:]
    var lastGroupCheck: Int64 = Int64.min
    var lastSweep: Int64 = Int64.min

    public init() {}

    subscript(key: IdentityKey) -> IdentityWindow? {
        get {
            switch key.kind {
            case .phone: phones[key.value]
            case .address: addresses[key.value]
            case .buyer: buyers[key.value]
            }
        }
        set {
            switch key.kind {
            case .phone: phones[key.value] = newValue
            case .address: addresses[key.value] = newValue
            case .buyer: buyers[key.value] = newValue
            }
        }
    }

    /// Prefetching for a batch of window updates (see `FlatTable.prefetchIndex(_:)`): the index bucket of `key`'s
    /// table, or, a few updates later, its window. Hints only.
    @inline(__always)
    func prefetch(_ key: IdentityKey, window: Bool) {
        switch key.kind {
        case .phone: window ? phones.prefetchValue(key.value) : phones.prefetchIndex(key.value)
        case .address: window ? addresses.prefetchValue(key.value) : addresses.prefetchIndex(key.value)
        case .buyer: window ? buyers.prefetchValue(key.value) : buyers.prefetchIndex(key.value)
        }
    }

    /// Applies `change` to the window of `key`, creating it with `label` if needed, and marks it dirty when
    /// `dirty` is set.
    mutating func update(
        _ key: IdentityKey, label: @autoclosure () -> String, at time: Int64, dirty: Bool = false,
        _ change: (inout IdentityWindow) -> Void
    ) {
        switch key.kind {
        case .phone: Self.update(&phones, key, label, time, dirty, &dirtyKeys, change)
        case .address: Self.update(&addresses, key, label, time, dirty, &dirtyKeys, change)
        case .buyer: Self.update(&buyers, key, label, time, dirty, &dirtyKeys, change)
        }
    }

    private static func update(
        _ table: inout FlatTable<IdentityWindow>, _ key: IdentityKey, _ label: () -> String, _ time: Int64,
        _ dirty: Bool, _ dirtyKeys: inout [IdentityKey], _ change: (inout IdentityWindow) -> Void
    ) {
        // One probe of the table: the window is changed and marked where it lies.
        func apply(_ window: inout IdentityWindow) -> Bool {
            change(&window)
            guard dirty && !window.dirty else { return false }
            window.dirty = true
            return true
        }
        if table.update(key.value, orMake: { IdentityWindow(label: label(), at: time, kind: key.kind) }, apply) {
            dirtyKeys.append(key)
        }
    }

    mutating func clearDirty(_ key: IdentityKey) {
        switch key.kind {
        case .phone: phones.updateIfPresent(key.value) { $0.dirty = false }
        case .address: addresses.updateIfPresent(key.value) { $0.dirty = false }
        case .buyer: buyers.updateIfPresent(key.value) { $0.dirty = false }
        }
    }

    /// Tracked keys by kind and the bytes they hold, for the memory figures.
    public var footprint: (keys: Int, bytes: Int) {
        var keys = 0
        var bytes = 0
        for table in [phones, addresses, buyers] {
            keys += table.count
            bytes += table.byteCount
            for entry in table.entries { bytes += entry.value.heapBytes }
        }
        return (keys, bytes)
    }
}
