import BrushfireKafka

/// Per-partition bookkeeping of the daemon's consumer, as a value: which offsets are done (so they may be
/// committed) and which caught-up, quiet partitions should stop holding event time back.
///
/// The engine buffers an admitted event until the watermark passes its event time, so an offset is done only
/// when every admitted event before it has been processed. Each partition keeps a FIFO of its admitted events;
/// the committable offset is the first entry whose event time is not yet below the engine's `processedThrough`,
/// or the next offset to read when none is pending. Rejected events (dead-lettered) are done as soon as the
/// dead-letter write is acknowledged, which the caller awaits before asking for offsets.
///
/// Time is passed in as milliseconds from any monotonic origin; the type holds no clock.
public struct PartitionProgress: Sendable {
    struct Pending {
        var offset: Int64
        var eventTime: Int64
    }

    struct Partition {
        var topicPartition: TopicPartition
        var pending: [Pending] = []
        var head = 0
        /// One past the highest offset seen; `nil` before the first message.
        var nextOffset: Int64?
        var lastStored: Int64?
        var caughtUp = false
        var idle = false
        var lastMessageAt: Int64

        var committable: Int64? {
            head < pending.count ? pending[head].offset : nextOffset
        }
    }

    private var partitions: [Int: Partition] = [:]
    /// How long a caught-up partition must stay quiet before it is idle.
    public var idleAfterMillis: Int64

    public init(idleAfterMillis: Int64) {
        self.idleAfterMillis = idleAfterMillis
    }

    /// The sources currently tracked.
    public var sources: [Int] { partitions.keys.sorted() }

    public func isIdle(_ source: Int) -> Bool { partitions[source]?.idle ?? false }

    /// Admitted events of `source` still waiting for the engine.
    public func pendingCount(_ source: Int) -> Int {
        partitions[source].map { $0.pending.count - $0.head } ?? 0
    }

    /// One past the highest offset of `source` seen so far; `nil` before its first message.
    public func nextOffset(_ source: Int) -> Int64? { partitions[source]?.nextOffset }

    /// A partition was assigned; it starts active and not caught up.
    public mutating func assign(_ source: Int, _ topicPartition: TopicPartition, now: Int64) {
        partitions[source] = Partition(topicPartition: topicPartition, lastMessageAt: now)
    }

    /// A partition was revoked; returns its final committable offset, if it has one not yet stored.
    public mutating func revoke(_ source: Int) -> (TopicPartition, Int64)? {
        guard let partition = partitions.removeValue(forKey: source), let offset = partition.committable,
            offset != partition.lastStored
        else { return nil }
        return (partition.topicPartition, offset)
    }

    /// A message arrived. Returns `true` when the partition was idle and is active again (tell the engine before
    /// offering it the event).
    public mutating func received(
        _ source: Int, _ topicPartition: @autoclosure () -> TopicPartition, offset: Int64, now: Int64
    ) -> Bool {
        var wasIdle = false
        if partitions.index(forKey: source) == nil {
            partitions[source] = Partition(topicPartition: topicPartition(), lastMessageAt: now)
        }
        modify(source) { partition in
            wasIdle = partition.idle
            partition.idle = false
            partition.caughtUp = false
            partition.lastMessageAt = now
            partition.nextOffset = max(partition.nextOffset ?? 0, offset + 1)
        }
        return wasIdle
    }

    /// The event at `offset` was admitted by the engine with event time `eventTime`.
    public mutating func admitted(_ source: Int, offset: Int64, eventTime: Int64) {
        modify(source) { $0.pending.append(Pending(offset: offset, eventTime: eventTime)) }
    }

    /// The consumer reached the partition's end.
    public mutating func reachedEnd(_ source: Int) {
        modify(source) { $0.caughtUp = true }
    }

    /// Partitions that have been caught up and quiet for ``idleAfterMillis`` as of `now` and were not yet idle;
    /// they are marked idle.
    public mutating func becameIdle(now: Int64) -> [Int] {
        var result: [Int] = []
        let idleAfter = idleAfterMillis
        for source in Array(partitions.keys) {
            modify(source) { partition in
                if partition.caughtUp, !partition.idle, now - partition.lastMessageAt >= idleAfter {
                    partition.idle = true
                    result.append(source)
                }
            }
        }
        return result.sorted()
    }

    /// Pops the events processed by the engine (event time below `processedThrough`) and returns the offsets that
    /// became committable since the last call.
    public mutating func committable(processedThrough: Int64) -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for source in Array(partitions.keys) {
            modify(source) { partition in
                while partition.head < partition.pending.count,
                    partition.pending[partition.head].eventTime < processedThrough
                {
                    partition.head += 1
                }
                if partition.head == partition.pending.count {
                    partition.pending.removeAll(keepingCapacity: true)
                    partition.head = 0
                } else if partition.head > 4096, partition.head * 2 > partition.pending.count {
                    partition.pending.removeFirst(partition.head)
                    partition.head = 0
                }
                if let offset = partition.committable, offset != partition.lastStored {
                    partition.lastStored = offset
                    result[partition.topicPartition] = offset
                }
            }
        }
        return result
    }

    /// Every admitted event has been processed (after the engine's `finish()`): the next offsets to read.
    public mutating func allProcessed() -> [TopicPartition: Int64] {
        committable(processedThrough: .max)
    }

    /// Changes the partition in place: reading it out of the dictionary first would copy it (its pending list
    /// and topic name) once per message.
    private mutating func modify(_ source: Int, _ body: (inout Partition) -> Void) {
        guard let index = partitions.index(forKey: source) else { return }
        body(&partitions.values[index])
    }
}
