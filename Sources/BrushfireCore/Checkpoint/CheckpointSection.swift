/// One part of the engine's state in a checkpoint, stored in its own length-delimited section with its own version.
///
/// Changing how one part is encoded means bumping its ``version`` only: a checkpoint written before then restores
/// everything else and starts that part empty (``SkippedSection``), instead of being refused as a whole. A section
/// whose state refers to another's (``needs``) is skipped with it. The raw values are the sections' ids in the
/// format; never reuse one.
enum CheckpointSection: UInt16, CaseIterable, Sendable {
    /// The instance's event-time position: processed-through time, next tick, sweeps, frontier, unowned sources.
    case eventTime = 1
    case dedup = 2
    case platform = 3
    case buyers = 4
    case phones = 5
    /// The ring detectors' per-phone, per-door and per-account windows.
    case identityWindows = 6
    /// The ring detectors' groups and which keys belong to them.
    case ringGroups = 7
    /// Incidents whose subject is not a shop of the part: the ring rules' phones, doors and accounts.
    case incidents = 8
    /// A partition's own event time.
    case source = 9
    /// Shops with their windows and baselines; the other shop sections refer to shops by position here.
    case shops = 10
    /// The review detectors' per-shop state.
    case shopReviews = 11
    case shopIncidents = 12
    /// Orders remembered for refund and review tracing.
    case orders = 13
    /// Events still waiting for the watermark.
    case bufferedEvents = 14
    /// `order_burst`'s open bursts, by shop position.
    case orderBurst = 15
    /// `reverse_brushing`'s traced bursts, by shop position.
    case reverseBrushing = 16
    /// `refund_storm`'s refund panes, one per shop.
    case refundStorm = 17
    /// Identity observations waiting for the identity side's next pane boundary, in their wire form.
    case identityPending = 18

    /// The encoding's version: bump it whenever this section's bytes change.
    var version: UInt16 {
        switch self {
        case .eventTime, .dedup, .buyers, .incidents, .source, .shopReviews, .shopIncidents, .orders, .bufferedEvents,
            .reverseBrushing, .refundStorm, .identityPending:
            1
        // 2: whether a burst was found by a long window, and its items' own windows.
        case .orderBurst: 2
        // 2: the operators' state moved to sections of their own. 3: each shop's closed hours and when its last burst
        // closed.
        case .shops: 3
        // 2: a phone remembers the account that last shipped to it.
        case .phones: 2
        // 2: the platform's orders capped per shop, for its surge factor.
        case .platform: 2
        // 2: shops are counted by the stable hash of their id, the same on every instance, instead of this
        // instance's shop number (which a restart or a rebalance renumbers).
        case .identityWindows, .ringGroups: 2
        }
    }

    /// Whether this build also reads a section written with an older `version`: one whose bytes are laid out as
    /// today's. Version 1 of the identity windows and ring groups held shop numbers where version 2 holds shop
    /// hashes, in the same place: read as they are, a shop hit both before and after the upgrade counts twice in
    /// the windows that span it (at most the longest identity window), which is better than forgetting every
    /// ring under watch.
    func reads(_ version: UInt16) -> Bool {
        if version == self.version { return true }
        switch self {
        case .identityWindows, .ringGroups: return version == 1
        default: return false
        }
    }

    var name: String {
        switch self {
        case .eventTime: "event-time"
        case .dedup: "dedup"
        case .platform: "platform"
        case .buyers: "buyers"
        case .phones: "phones"
        case .identityWindows: "identity-windows"
        case .ringGroups: "ring-groups"
        case .incidents: "incidents"
        case .source: "source"
        case .shops: "shops"
        case .shopReviews: "shop-reviews"
        case .shopIncidents: "shop-incidents"
        case .orders: "orders"
        case .bufferedEvents: "buffered-events"
        case .orderBurst: "order-burst"
        case .reverseBrushing: "reverse-brushing"
        case .refundStorm: "refund-storm"
        case .identityPending: "identity-pending"
        }
    }

    /// Sections this one's state refers to: without them it cannot be restored (shops by position, incidents
    /// driven by the groups or bursts that opened them).
    var needs: [CheckpointSection] {
        switch self {
        case .incidents: [.ringGroups]
        case .shopReviews, .orders, .orderBurst, .reverseBrushing, .refundStorm: [.shops]
        case .shopIncidents: [.shops, .orderBurst, .reverseBrushing, .refundStorm, .shopReviews]
        default: []
        }
    }

    /// The sections of each kind of part, in the order they are written and restored (a section after those it
    /// needs).
    static let instance: [CheckpointSection] =
        [
            .eventTime, .dedup, .platform, .buyers, .phones, .identityWindows, .ringGroups, .identityPending,
            .incidents,
        ] + shopSections
    static let partition: [CheckpointSection] = [.source] + shopSections
    static let shopSections: [CheckpointSection] = [
        .shops, .orderBurst, .reverseBrushing, .refundStorm, .shopReviews, .shopIncidents, .orders, .bufferedEvents,
    ]

    /// Bytes before a section's body: id (u16), version (u16), body length (u64).
    static let headerSize = 12
}

/// A section of a checkpoint that a restore did not apply: the state it held starts empty.
public struct SkippedSection: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Written with an encoding version this build does not read.
        case version(found: UInt16, reads: UInt16)
        /// A section id this build does not know (written by a newer build).
        case unknown
        /// Not in the checkpoint.
        case missing
        /// Skipped because a section it refers to was skipped.
        case needs(String)
    }

    /// The section's name, or `section N` for an unknown id.
    public var section: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .version(let found, let reads): "\(section) (version \(found), this build reads \(reads))"
        case .unknown: "\(section) (unknown to this build)"
        case .missing: "\(section) (missing)"
        case .needs(let other): "\(section) (needs \(other), which was skipped)"
        }
    }
}

/// Where each section of a part lies, read before any of them is decoded.
struct SectionTable {
    private var found: [CheckpointSection: Range<Int>] = [:]
    private(set) var skipped: [SkippedSection] = []
    private let bytes: [UInt8]

    /// Reads the section headers from `reader` to its end; `expected` are the sections this kind of part holds.
    init(_ reader: inout BinaryReader, expected: [CheckpointSection]) throws(CheckpointError) {
        bytes = reader.bytes
        let count = try reader.count("sections", minimumSize: CheckpointSection.headerSize)
        var versions: [CheckpointSection: UInt16] = [:]
        for _ in 0..<count {
            let id = try reader.u16("section id")
            let version = try reader.u16("section version")
            let range = try reader.blockRange("section \(id)")
            guard let section = CheckpointSection(rawValue: id), expected.contains(section) else {
                skipped.append(SkippedSection(section: "section \(id)", reason: .unknown))
                continue
            }
            guard versions.updateValue(version, forKey: section) == nil else {
                throw CheckpointError(.malformed, "section \(section.name) appears twice")
            }
            if section.reads(version) { found[section] = range }
        }
        try reader.expectEnd("the sections")
        for section in expected where found[section] == nil {
            if let version = versions[section], !section.reads(version) {
                skipped.append(
                    SkippedSection(section: section.name, reason: .version(found: version, reads: section.version)))
            } else if versions[section] == nil {
                skipped.append(SkippedSection(section: section.name, reason: .missing))
            }
        }
        for section in expected where found[section] != nil {
            if let absent = section.needs.first(where: { found[$0] == nil }) {
                found[section] = nil
                skipped.append(SkippedSection(section: section.name, reason: .needs(absent.name)))
            }
        }
    }

    /// Decodes a section with `body`, which must read all of it; `nil` when the section is skipped. Errors name the
    /// section.
    @discardableResult
    func decode<T>(_ section: CheckpointSection, _ body: (inout BinaryReader) throws(CheckpointError) -> T)
        throws(CheckpointError) -> T?
    {
        guard let range = found[section] else { return nil }
        var reader = BinaryReader(bytes, range: range)
        do {
            let value = try body(&reader)
            try reader.expectEnd("section \(section.name)")
            return value
        } catch {
            throw CheckpointError(error.reason, "section \(section.name): \(error.message)")
        }
    }
}

extension BinaryWriter {
    /// Writes one section: its header, then what `body` writes, then its length into the header. Throws the first
    /// value the body could not write.
    mutating func section(_ section: CheckpointSection, _ body: (inout BinaryWriter) -> Void) throws(CheckpointError) {
        u16(section.rawValue)
        u16(section.version)
        let lengthAt = count
        u64(0)
        body(&self)
        if let failure {
            throw CheckpointError(failure.reason, "section \(section.name): \(failure.message)")
        }
        patch(UInt64(count - lengthAt - 8), at: lengthAt)
    }
}
