/// The engine's state as bytes, split so that shop-keyed state can move with the input partition its shop's
/// events arrive on, while buyer- and fingerprint-keyed state (which spans partitions) stays with the instance.
///
/// - `instance`: the event-time position (watermark, processed-through time, next tick), the dedup horizon, buyers,
///   phones, the platform baseline, the ring detectors' windows and groups, incidents about non-shop subjects, and
///   any shop no partition claims.
/// - `partitions`: per source (a Kafka partition), its shops with their windows and baselines, their review state,
///   their incidents, their remembered orders, their events still waiting for the watermark, and the source's own
///   event time.
///
/// Each part starts with the format version and a key of the rule settings that shape the windows, so a
/// checkpoint written by another version or for differently shaped windows is refused, not misread. Then come its
/// sections (``CheckpointSection``), one per part of the state, each with its own version: a section written with
/// an encoding this build does not read is skipped and reported, and the rest is restored.
public struct EngineCheckpoint: Sendable {
    public var instance: [UInt8]
    public var partitions: [Int: [UInt8]]

    public init(instance: [UInt8], partitions: [Int: [UInt8]]) {
        self.instance = instance
        self.partitions = partitions
    }

    /// Bumped when the layout of a part changes (its header, or how sections are framed); older checkpoints are
    /// refused and the state rebuilt. A change inside one section bumps that section's version instead.
    public static let formatVersion: UInt32 = 3

    enum Kind: UInt8 {
        case instance = 1
        case partition = 2
    }

    /// One section of a part, as the part's section table lists it.
    public struct Section: Sendable, Equatable {
        /// The section's name (`buyers`, `identity-windows`, …), or `section N` for an id this build does not know.
        public var name: String
        public var version: UInt16
        /// Where the section starts (its header: id u16, version u16, length u64) and where its body lies.
        public var header: Int
        public var body: Range<Int>
    }

    /// The sections of a part, in the order they were written; for inspection and tests.
    public static func sections(of part: [UInt8]) throws(CheckpointError) -> [Section] {
        var reader = BinaryReader(part)
        _ = try reader.u32("format version")
        _ = try reader.u8("part kind")
        _ = try reader.u64("window shape")
        let count = try reader.count("sections", minimumSize: CheckpointSection.headerSize)
        var sections: [Section] = []
        for _ in 0..<count {
            let header = reader.position
            let id = try reader.u16("section id")
            let version = try reader.u16("section version")
            let body = try reader.blockRange("section \(id)")
            sections.append(
                Section(
                    name: CheckpointSection(rawValue: id)?.name ?? "section \(id)", version: version, header: header,
                    body: body))
        }
        return sections
    }
}

/// What restoring an instance part brought into the engine.
public struct RestoredInstance: Sendable, Equatable {
    /// Sections that were not restored (their state starts empty), for the log.
    public var skipped: [SkippedSection]
}

/// What one restored partition brought into the engine.
public struct RestoredPartition: Sendable, Equatable {
    /// The shops whose state (or buffered events) was restored.
    public var shops: [String]
    public var incidents: Int
    public var bufferedEvents: Int
    /// Sections that were not restored (their state starts empty), for the log.
    public var skipped: [SkippedSection]
}

extension Engine {
    /// Keys the engine tracks, as a checkpoint counts them: buyers, phones, remembered orders, dedup ids, the
    /// distinct-count keys of every shop, buffered events, and the ring detectors' keys.
    public var trackedKeys: Int {
        var keys = buyers.count + phones.count + orders.count + dedup.count + buffer.count + rings.footprint.keys
        for shop in shops.lazy.map(\.windows) {
            keys += shop.buyers.trackedKeys + shop.phones.trackedKeys + shop.addresses.trackedKeys
        }
        return keys
    }
}
