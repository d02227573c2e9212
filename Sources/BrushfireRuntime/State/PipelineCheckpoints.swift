import BrushfireCore
import BrushfireKafka

/// What the daemon's pipeline tracks for its checkpoints: the partition each shop's events arrive on (so the
/// shop's state is written to that partition's file and moves with it), the partitions it owns, and when it last
/// wrote.
struct PipelineCheckpoints {
    let state: DaemonState
    private(set) var shopSources: [String: Int] = [:]
    var owned: [Int: TopicPartition] = [:]
    /// Offsets partitions were restored at, until their first message gives a newer one.
    var restoredOffsets: [Int: Int64] = [:]
    var lastWrite: Int64 = 0

    init(state: DaemonState) {
        self.state = state
    }

    @inline(__always)
    mutating func saw(_ shopID: String, on source: Int) {
        if shopSources[shopID] != source { shopSources[shopID] = source }
    }

    mutating func forget(source: Int) {
        shopSources = shopSources.filter { $0.value != source }
        owned[source] = nil
        restoredOffsets[source] = nil
    }

    mutating func adopt(_ shops: [String], source: Int) {
        for shop in shops { shopSources[shop] = source }
    }
}

extension IngestPipeline {
    /// Turns checkpointing on and restores the instance's own state.
    mutating func startCheckpoints(_ state: DaemonState) {
        state.restoreInstance(into: &engine)
        checkpoints = PipelineCheckpoints(state: state)
    }

    /// A partition was assigned: restores its shops from its file (the consumer starts where the file was written).
    mutating func restoreCheckpoint(_ topicPartition: TopicPartition, source: Int) {
        guard let state = checkpoints?.state else { return }
        let restored = state.restorePartition(topicPartition, into: &engine)
        checkpoints?.adopt(restored.shops, source: source)
        checkpoints?.owned[source] = topicPartition
        if let offset = restored.nextOffset { checkpoints?.restoredOffsets[source] = offset }
    }

    /// A partition is being revoked: writes its file and removes its shops from the engine.
    mutating func releaseCheckpoint(_ topicPartition: TopicPartition, source: Int, lost: Bool) {
        guard let checkpoints else { return }
        let sources = checkpoints.shopSources
        checkpoints.state.release(
            topicPartition, source: source, nextOffset: nextOffset(source), lost: lost, engine: &engine,
            partitionOf: { sources[$0] })
        self.checkpoints?.forget(source: source)
    }

    mutating func checkpointIfDue(now: Int64) {
        guard let checkpoints, now - checkpoints.lastWrite >= checkpoints.state.interval.milliseconds else { return }
        writeCheckpoint()
        self.checkpoints?.lastWrite = now
    }

    /// Writes every owned partition's file and the instance file. Call with no alert pending (after `advance()`
    /// and delivery), so the files reflect exactly the records before each partition's next offset.
    func writeCheckpoint() {
        guard let checkpoints else { return }
        var partitions: [Int: (TopicPartition, nextOffset: Int64?)] = [:]
        for (source, topicPartition) in checkpoints.owned { partitions[source] = (topicPartition, nextOffset(source)) }
        let sources = checkpoints.shopSources
        checkpoints.state.checkpoint(engine, partitions: partitions, partitionOf: { sources[$0] })
    }

    private func nextOffset(_ source: Int) -> Int64? {
        progress.nextOffset(source) ?? checkpoints?.restoredOffsets[source]
    }
}
