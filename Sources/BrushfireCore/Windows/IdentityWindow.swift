/// Which kind of identity a ring window is kept for.
public enum IdentityKind: UInt8, Sendable, Hashable {
    case phone
    case address
    case buyer
}

/// A phone or address fingerprint (its 64-bit value) or a buyer account (the stable hash of its id).
public struct IdentityKey: Sendable, Hashable {
    public var kind: IdentityKind
    public var value: UInt64

    public init(kind: IdentityKind, value: UInt64) {
        self.kind = kind
        self.value = value
    }
}

/// One day of event time for one identity key.
struct IdentityDay: Sendable, Equatable {
    var day: Int32
    var orders: Int32 = 0
    /// Orders refunded (each counted once).
    var refunds: Int32 = 0
    /// Orders hit by a 1–2 star review or an `extortion` complaint (each counted once).
    var hits: Int32 = 0
    var negativeReviews: Int32 = 0
    var extortion: Int32 = 0

    static func + (lhs: IdentityDay, rhs: IdentityDay) -> IdentityDay {
        IdentityDay(
            day: max(lhs.day, rhs.day), orders: lhs.orders + rhs.orders, refunds: lhs.refunds + rhs.refunds,
            hits: lhs.hits + rhs.hits, negativeReviews: lhs.negativeReviews + rhs.negativeReviews,
            extortion: lhs.extortion + rhs.extortion)
    }
}

/// An order that a ring detector may cite, with the account that placed it.
struct RingCitation: Sendable, Equatable {
    var order: String
    var buyer: String
    var orderKey: UInt64
    var buyerKey: UInt64
    var time: Int64
    /// The order was refunded; it was hit by a 1–2 star review or an `extortion` complaint; the shop filed an
    /// `extortion` complaint about it.
    var refund = false
    var hit = false
    var extortion = false
}

/// What the ring detectors count for one phone fingerprint, address fingerprint or buyer account, over windows
/// of whole days up to the longest rule window (30 days by default): orders, refunds and hits per day, and the
/// distinct accounts and shops behind them in bounded sketches. A key costs a few hundred bytes; keys idle
/// longer than the engine's eviction horizon are dropped.
struct IdentityWindow: Sendable {
    // Laid out with what an order touches first (the last-seen time, the newest day, the accounts of a fingerprint
    // and the fingerprints of an account), so that it shares as few cache lines as it can.
    var lastSeen: Int64
    /// The newest day pane, kept in the window itself: nearly every update falls on it, and then touches no memory
    /// outside the window. None only before the first count.
    var newest: IdentityDay?
    /// Set when something a detector judges changed since the last evaluation.
    var dirty = false
    /// Which kind of key the window is kept for: it decides what the two link sketches hold.
    let kind: IdentityKind
    /// A phone's or door's accounts (`accounts`), or an account's phones (`linkedPhones`): no window needs both,
    /// so they share one sketch (40 bytes a window).
    private var firstLinks = DistinctSketch()
    /// An account's doors (`linkedAddresses`); empty for a phone or door.
    private var doors = DistinctSketch()
    /// The day panes before `newest`, in rising order; with it at most the longest window's worth.
    var older: [IdentityDay] = []
    /// The masked display form of a fingerprint (`138****5678`, `浙江省金华市义乌市…`) or a buyer's id.
    var label: String
    /// What refunds and hits taught the window, out of line: most windows never see one, and keeping their four
    /// sketches and citations inline made every window twice the size (360 bytes, 192 without them).
    private var troubleBox: TroubleBox?

    /// The refund and hit sketches and the citations, empty until a refund or hit is counted.
    var trouble: WindowTrouble {
        get { troubleBox?.value ?? WindowTrouble.none }
        set {
            if newValue.isEmpty {
                troubleBox = nil
            } else if troubleBox != nil, isKnownUniquelyReferenced(&troubleBox!) {
                troubleBox!.value = newValue
            } else {
                troubleBox = TroubleBox(newValue)
            }
        }
        _modify {
            if troubleBox == nil {
                troubleBox = TroubleBox(WindowTrouble.none)
            } else if !isKnownUniquelyReferenced(&troubleBox!) {
                troubleBox = TroubleBox(troubleBox!.value)
            }
            yield &troubleBox!.value
        }
    }

    /// Accounts that placed orders shipped to this fingerprint; always empty for an account's window.
    var accounts: DistinctSketch {
        get { kind == .buyer ? DistinctSketch() : firstLinks }
        _modify {
            precondition(kind != .buyer, "an account's window counts no accounts")
            yield &firstLinks
        }
    }

    /// For buyer accounts: the phone and door fingerprints their orders shipped to, so a ring can be walked
    /// from account to fingerprint to account. Always empty for a phone's or door's window.
    var linkedPhones: DistinctSketch {
        get { kind == .buyer ? firstLinks : DistinctSketch() }
        _modify {
            precondition(kind == .buyer, "only an account's window links phones")
            yield &firstLinks
        }
    }
    var linkedAddresses: DistinctSketch {
        get { doors }
        _modify {
            precondition(kind == .buyer, "only an account's window links doors")
            yield &doors
        }
    }

    var refundShops: DistinctSketch {
        get { troubleBox?.value.refundShops ?? DistinctSketch() }
        _modify { yield &trouble.refundShops }
    }
    var refundAccounts: DistinctSketch {
        get { troubleBox?.value.refundAccounts ?? DistinctSketch() }
        _modify { yield &trouble.refundAccounts }
    }
    var hitShops: DistinctSketch {
        get { troubleBox?.value.hitShops ?? DistinctSketch() }
        _modify { yield &trouble.hitShops }
    }
    var hitAccounts: DistinctSketch {
        get { troubleBox?.value.hitAccounts ?? DistinctSketch() }
        _modify { yield &trouble.hitAccounts }
    }

    static let dayMillis: Int64 = 86_400_000
    static let citationCapacity = 32

    init(label: String, at time: Int64, kind: IdentityKind = .phone) {
        self.label = label
        self.lastSeen = time
        self.kind = kind
    }

    /// Applies `change` to the day pane holding `time` and forgets panes older than `horizon` days.
    mutating func count(at time: Int64, horizonDays: Int32, _ change: (inout IdentityDay) -> Void) {
        let day = Int32(clamping: time / Self.dayMillis)
        lastSeen = max(lastSeen, time)
        guard let latest = newest else {
            var pane = IdentityDay(day: day)
            change(&pane)
            newest = pane
            return
        }
        if latest.day == day {
            change(&newest!)
            return
        }
        if latest.day < day {
            var pane = IdentityDay(day: day)
            change(&pane)
            older.append(latest)
            newest = pane
        } else if let index = older.lastIndex(where: { $0.day == day }) {
            change(&older[index])
            return
        } else {
            var pane = IdentityDay(day: day)
            change(&pane)
            older.insert(pane, at: older.firstIndex(where: { $0.day > day }) ?? older.count)
        }
        // `newest` is later than the new pane's horizon whichever pane was made.
        if let first = older.first, first.day <= day - horizonDays {
            older.removeAll { $0.day <= day - horizonDays }
        }
    }

    /// The day panes in rising order.
    var days: [IdentityDay] { newest.map { older + [$0] } ?? [] }

    /// The counts over the days that overlap `[since, …)`.
    func totals(since: Int64) -> IdentityDay {
        let first = Int32(clamping: since / Self.dayMillis)
        var total = IdentityDay(day: first)
        for pane in older where pane.day >= first { total = total + pane }
        if let newest, newest.day >= first { total = total + newest }
        return total
    }

    mutating func cite(_ citation: RingCitation) {
        trouble.cite(citation)
    }

    /// Sets the three link sketches as a checkpoint holds them: a phone's or door's window links no phones or
    /// doors, an account's window counts no accounts, and a checkpoint that says otherwise is damaged.
    mutating func setLinks(accounts: DistinctSketch, phones: DistinctSketch, doors: DistinctSketch)
        throws(CheckpointError)
    {
        let empty = DistinctSketch()
        if kind == .buyer {
            guard accounts == empty else { throw CheckpointError(.malformed, "an account's window counts accounts") }
            firstLinks = phones
            self.doors = doors
        } else {
            guard phones == empty, doors == empty else {
                throw CheckpointError(.malformed, "a phone's or door's window links phones or doors")
            }
            firstLinks = accounts
            self.doors = empty
        }
    }

    /// The remembered citations, oldest first.
    var citationsInOrder: [RingCitation] {
        guard let trouble = troubleBox?.value else { return [] }
        return Array(trouble.citations[trouble.citationHead...] + trouble.citations[..<trouble.citationHead])
    }

    /// Heap bytes held beyond the struct itself, for the memory figures.
    var heapBytes: Int {
        let sketches = [accounts, refundShops, refundAccounts, hitShops, hitAccounts, linkedPhones, linkedAddresses]
            .reduce(0) { $0 + $1.heapBytes }
        let citations = trouble.citations
        let boxed = troubleBox == nil ? 0 : 16 + MemoryLayout<WindowTrouble>.stride
        let cited = citations.reduce(boxed + citations.capacity * MemoryLayout<RingCitation>.stride) {
            $0 + ($1.order.utf8.count > 15 ? $1.order.utf8.count : 0)
                + ($1.buyer.utf8.count > 15 ? $1.buyer.utf8.count : 0)
        }
        return sketches + older.capacity * MemoryLayout<IdentityDay>.stride + cited
            + (label.utf8.count > 15 ? label.utf8.count : 0)
    }
}

/// The part of an ``IdentityWindow`` that only refunds and hits fill: the shops and accounts behind them, and the
/// latest refunded or hit orders.
struct WindowTrouble: Sendable, Equatable {
    var refundShops = DistinctSketch()
    var refundAccounts = DistinctSketch()
    var hitShops = DistinctSketch()
    var hitAccounts = DistinctSketch()
    /// The latest refunded or hit orders, oldest first once full (a ring of `citationCapacity`).
    var citations: [RingCitation] = []
    var citationHead = 0

    static let none = WindowTrouble()

    var isEmpty: Bool { self == .none }

    mutating func cite(_ citation: RingCitation) {
        if let index = citations.firstIndex(where: { $0.orderKey == citation.orderKey }) {
            citations[index].refund = citations[index].refund || citation.refund
            citations[index].hit = citations[index].hit || citation.hit
            citations[index].extortion = citations[index].extortion || citation.extortion
            return
        }
        if citations.count < IdentityWindow.citationCapacity {
            citations.append(citation)
        } else {
            citations[citationHead] = citation
            citationHead = (citationHead + 1) % IdentityWindow.citationCapacity
        }
    }
}

/// The heap box behind ``IdentityWindow/trouble``. Copy on write: the window replaces a box it shares before
/// changing it, so a copied window (a checkpoint, a shadow engine) never sees the other's changes.
private final class TroubleBox: @unchecked Sendable {
    var value: WindowTrouble

    init(_ value: WindowTrouble) {
        self.value = value
    }
}
