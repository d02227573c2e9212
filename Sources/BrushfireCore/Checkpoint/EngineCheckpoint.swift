/// The engine's state as bytes, split so that shop-keyed state can move with the input partition its shop's
/// events arrive on, while buyer- and fingerprint-keyed state (which spans partitions) stays with the instance.
///
/// - `instance`: the event-time position (watermark, processed-through time, next tick), the dedup horizon, buyers,
///   phones, the platform baseline, incidents about non-shop subjects, and any shop no partition claims.
/// - `partitions`: per source (a Kafka partition), its shops with their windows and baselines, their incidents,
///   their remembered orders, their events still waiting for the watermark, and the source's own event time.
///
/// Each part starts with the format version and a key of the rule settings that shape the windows, so a
/// checkpoint written by another version or for differently shaped windows is refused, not misread.
public struct EngineCheckpoint: Sendable {
    public var instance: [UInt8]
    public var partitions: [Int: [UInt8]]

    public init(instance: [UInt8], partitions: [Int: [UInt8]]) {
        self.instance = instance
        self.partitions = partitions
    }

    /// Bumped whenever the encoding changes; older checkpoints are refused and the state rebuilt.
    public static let formatVersion: UInt32 = 2

    enum Kind: UInt8 {
        case instance = 1
        case partition = 2
    }
}

/// What one restored partition brought into the engine.
public struct RestoredPartition: Sendable, Equatable {
    /// The shops whose state (or buffered events) was restored.
    public var shops: [String]
    public var incidents: Int
    public var bufferedEvents: Int
}

extension Engine {
    /// Keys the engine tracks, as a checkpoint counts them: buyers, phones, remembered orders, dedup ids, the
    /// distinct-count keys of every shop, buffered events, and the ring detectors' keys.
    public var trackedKeys: Int {
        var keys = buyers.count + phones.count + orders.count + dedup.count + buffer.count + rings.footprint.keys
        for shop in shops { keys += shop.buyers.trackedKeys + shop.phones.trackedKeys + shop.addresses.trackedKeys }
        return keys
    }
}
