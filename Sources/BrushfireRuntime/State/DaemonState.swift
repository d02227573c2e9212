import BrushfireCore
import BrushfireKafka
import Logging
import Synchronization

/// The daemon's checkpoints in a `--state` directory: the instance file is restored at start; a partition's file
/// when the partition is assigned (the consumer then starts at the offset it was written at); all are written
/// periodically and at graceful shutdown, and a partition's file when the partition is revoked, so the instance
/// assigned it next continues its shops' windows.
///
/// A checkpoint that cannot be used (truncated, corrupt, another format version, other window settings) is logged,
/// moved aside as `.bad`, and that part of the state is rebuilt from empty: the partition is then read from the
/// group's committed offset.
public final class DaemonState: Sendable {
    public let directory: StateDirectory
    public let interval: Duration
    private let logger: Logger
    /// Partition files read and verified when the consumer asked where to start, kept for the assignment.
    private let verified = Mutex<[TopicPartition: CheckpointFile]>([:])
    /// When the restored instance file was written: the round of checkpoints its state belongs to.
    private let instanceWrittenAt = Mutex<Int64?>(nil)
    /// Which partition files this process wrote, and which of them belong to a round whose instance file is not
    /// written yet.
    private let files = Mutex(WrittenFiles())

    struct WrittenFiles {
        /// Paths this process wrote (a round or a revoked partition): their current version is consistent with
        /// the engine in memory, whatever the instance file on disk says.
        var here: Set<String> = []
        /// Paths whose current version belongs to a round whose instance file was never written. Their previous
        /// version is the one consistent with the instance file on disk, and the next round must not push it out.
        var uncommitted: Set<String> = []
    }

    public init(directory: StateDirectory, interval: Duration, logger: Logger) {
        self.directory = directory
        self.interval = interval
        self.logger = logger
    }

    /// Where the consumer starts each newly assigned partition: the offset its checkpoint was written at. Runs on
    /// the consumer's poll thread; partitions without a usable checkpoint start from the committed offset.
    public func startingOffsets(_ partitions: [TopicPartition]) -> [TopicPartition: Int64] {
        var offsets: [TopicPartition: Int64] = [:]
        for topicPartition in partitions {
            guard let file = load(topicPartition) else { continue }
            verified.withLock { $0[topicPartition] = file }
            if let offset = file.nextOffset { offsets[topicPartition] = offset }
        }
        return offsets
    }

    /// Restores the instance file into a new engine.
    public func restoreInstance(into engine: inout Engine) {
        let path = directory.instancePath
        do throws(CheckpointFileError) {
            guard let file = try directory.read(path) else {
                logger.info("State: no instance checkpoint, starting empty", metadata: ["path": "\(path)"])
                return
            }
            let restored: RestoredInstance
            do throws(CheckpointError) {
                restored = try engine.restore(instance: file.engine)
                instanceWrittenAt.withLock { $0 = file.writtenAt }
            } catch {
                throw CheckpointFileError(
                    path: path, error.reason == .incompatible ? .incompatible : .corrupt, error.message)
            }
            logger.info(
                "State: instance checkpoint restored",
                metadata: ["path": "\(path)", "bytes": "\(file.engine.count)", "buffered": "\(engine.bufferedEvents)"])
            logSkipped(restored.skipped, path: path)
        } catch {
            reject(error, path: path)
        }
    }

    /// Restores an assigned partition's shops; returns their ids (empty when there was nothing usable) and the
    /// offset the file was written at.
    public func restorePartition(_ topicPartition: TopicPartition, into engine: inout Engine) -> (
        shops: [String], nextOffset: Int64?
    ) {
        let cached = verified.withLock { $0.removeValue(forKey: topicPartition) }
        guard let file = cached ?? load(topicPartition) else { return ([], nil) }
        let path = directory.partitionPath(topic: topicPartition.topic, partition: topicPartition.partition)
        do throws(CheckpointError) {
            let restored = try engine.restore(partition: file.engine)
            logger.info(
                "State: partition checkpoint restored",
                metadata: [
                    "partition": "\(topicPartition)", "shops": "\(restored.shops.count)",
                    "incidents": "\(restored.incidents)", "buffered": "\(restored.bufferedEvents)",
                    "offset": "\(file.nextOffset.map(String.init) ?? "-")",
                ])
            logSkipped(restored.skipped, path: path)
            return (restored.shops, file.nextOffset)
        } catch {
            reject(
                CheckpointFileError(
                    path: path, error.reason == .incompatible ? .incompatible : .corrupt, error.message),
                path: path)
            return ([], nil)
        }
    }

    /// Writes every owned partition's file, then the instance file.
    public func checkpoint(
        _ engine: Engine, partitions: [Int: (TopicPartition, nextOffset: Int64?)], partitionOf: (String) -> Int?
    ) {
        let started = ContinuousClock.now
        let now = ReplayCheckpoint.wallMillis()
        do {
            let parts = try engine.checkpoint(sources: Set(partitions.keys), partitionOf: partitionOf)
            var bytes = parts.instance.count
            for (source, (topicPartition, offset)) in partitions {
                let file = CheckpointFile(
                    kind: .partition, topic: topicPartition.topic, partition: topicPartition.partition,
                    nextOffset: offset, writtenAt: now, engine: parts.partitions[source] ?? [])
                bytes += file.engine.count
                let path = directory.partitionPath(topic: topicPartition.topic, partition: topicPartition.partition)
                // The instance file is written after the partition files: until it is, the previous round's
                // partition file is the one consistent with it, should the process die in between. A current
                // version that was never committed is not kept: the previous one still is the committed one
                // (rounds cut short in a row must not push it out).
                let committed = files.withLock { !$0.uncommitted.contains(path) }
                if committed { directory.keepPrevious(path) }
                files.withLock {
                    $0.uncommitted.insert(path)
                    $0.here.insert(path)
                }
                try directory.write(file, to: path)
            }
            try directory.write(
                CheckpointFile(kind: .instance, writtenAt: now, engine: parts.instance), to: directory.instancePath)
            files.withLock { $0.uncommitted.removeAll() }
            logger.debug(
                "State: checkpoint written",
                metadata: [
                    "partitions": "\(partitions.count)", "bytes": "\(bytes)",
                    "ms": "\((ContinuousClock.now - started).milliseconds)",
                ])
        } catch {
            logger.error("State: writing the checkpoint failed (the previous one is kept): \(error)")
        }
    }

    /// A partition was revoked: writes its file (unless it was lost to another member already) and removes its
    /// state from the engine.
    public func release(
        _ topicPartition: TopicPartition, source: Int, nextOffset: Int64?, lost: Bool, engine: inout Engine,
        partitionOf: (String) -> Int?
    ) {
        guard !lost else {
            engine.remove(partition: source, partitionOf: partitionOf)
            return
        }
        let part: [UInt8]
        do throws(CheckpointError) {
            part = try engine.extract(partition: source, partitionOf: partitionOf)
        } catch {
            engine.remove(partition: source, partitionOf: partitionOf)
            logger.error(
                "State: the revoked partition \(topicPartition)'s state could not be written, dropped: \(error)")
            return
        }
        let file = CheckpointFile(
            kind: .partition, topic: topicPartition.topic, partition: topicPartition.partition, nextOffset: nextOffset,
            writtenAt: ReplayCheckpoint.wallMillis(), engine: part)
        let path = directory.partitionPath(topic: topicPartition.topic, partition: topicPartition.partition)
        do {
            files.withLock { _ = $0.here.insert(path) }
            try directory.write(file, to: path)
            logger.info(
                "State: revoked partition's checkpoint written",
                metadata: ["partition": "\(topicPartition)", "bytes": "\(part.count)"])
        } catch {
            logger.error("State: writing the revoked partition's checkpoint failed: \(error)")
        }
    }

    /// The partition's file, or the one before it when only that one belongs to the same round of checkpoints as
    /// the restored instance file (the process died after writing the partition files and before the instance
    /// file: the newer partition file reflects records the instance's buyers, phones and dedup never saw). A file
    /// this process wrote itself (the partition was revoked and comes back) is always the current one.
    private func load(_ topicPartition: TopicPartition) -> CheckpointFile? {
        let latest = directory.partitionPath(topic: topicPartition.topic, partition: topicPartition.partition)
        var path = latest
        if let instanceTime = instanceWrittenAt.withLock({ $0 }),
            !files.withLock({ $0.here.contains(latest) }),
            let current = try? directory.read(latest), current.writtenAt > instanceTime,
            let previous = try? directory.read(latest + StateDirectory.previousSuffix),
            previous.writtenAt == instanceTime
        {
            logger.info(
                "State: the partition file is newer than the instance file, using the previous one written with it",
                metadata: ["partition": "\(topicPartition)"])
            path = latest + StateDirectory.previousSuffix
            files.withLock { _ = $0.uncommitted.insert(latest) }
        }
        do throws(CheckpointFileError) {
            guard let file = try directory.read(path) else { return nil }
            guard file.kind == .partition, file.topic == topicPartition.topic,
                file.partition == topicPartition.partition
            else {
                throw CheckpointFileError(
                    path: path, .corrupt, "holds \(file.topic)[\(file.partition)], not \(topicPartition)")
            }
            return file
        } catch {
            reject(error, path: path)
            return nil
        }
    }

    /// Sections of a restored checkpoint written with an encoding this build does not read: their state starts
    /// empty, the rest was restored.
    private func logSkipped(_ skipped: [SkippedSection], path: String) {
        guard !skipped.isEmpty else { return }
        let sections = skipped.map(\.description).joined(separator: ", ")
        logger.warning("State: checkpoint \(path): sections not restored, their state starts empty: \(sections)")
    }

    private func reject(_ error: CheckpointFileError, path: String) {
        if error.reason == .io {
            logger.error("State: \(error); rebuilding this part of the state from empty")
            return
        }
        directory.quarantine(path)
        logger.error("State: \(error); moved aside to \(path).bad, rebuilding this part of the state from empty")
    }
}
