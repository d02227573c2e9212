import Synchronization

/// Running totals of one daemon's consumer, safe to read from any task (tests, the stats log, metrics).
public final class DaemonStatistics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// Messages taken from the input topics.
        public var consumed = 0
        /// Events the engine admitted.
        public var accepted = 0
        /// Events copied to the dead-letter topic (or dropped, without one).
        public var deadLettered = 0
        /// Alerts handed to the sinks.
        public var alerts = 0
        /// The event-to-alert delay of the alerts handed to the sinks while consuming.
        public var alertDelay = AlertDelay()
        public var batches = 0
        /// Offsets stored for commit (next offset to read), by partition.
        public var storedOffsets: [String: Int64] = [:]
        /// Partitions currently assigned to this daemon.
        public var assigned: Set<String> = []

        public init() {}
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }
}
