/// Event time across several sources (Kafka partitions): it advances with the slowest active source, so a
/// fast partition cannot make a slow one's honest events late; an idle source stops holding it back.
public struct WatermarkTracker: Sendable {
    struct Source: Sendable {
        var highest: Int64?
        var idle = false
    }

    var sources: [Int: Source] = [:]
    /// Highest event time seen on any source.
    public internal(set) var frontier: Int64?

    public init() {}

    /// Declares a source before it has delivered anything, so it holds event time back until it does.
    public mutating func add(_ source: Int) {
        if sources[source] == nil { sources[source] = Source() }
    }

    public mutating func remove(_ source: Int) {
        sources[source] = nil
    }

    public mutating func observe(_ source: Int, _ timestamp: Int64) {
        var state = sources[source] ?? Source()
        state.highest = max(state.highest ?? timestamp, timestamp)
        state.idle = false
        sources[source] = state
        frontier = max(frontier ?? timestamp, timestamp)
    }

    public mutating func setIdle(_ source: Int, _ idle: Bool) {
        guard var state = sources[source] else { return }
        state.idle = idle
        sources[source] = state
    }

    /// The event time every active source has reached: the minimum over active sources of their highest.
    /// A declared active source that has seen nothing holds it at `nil`; when every source is idle, the frontier.
    public var eventTime: Int64? { eventTime(ignoringBelow: Int64.min) }

    /// The same, leaving out active sources whose highest is below `floor`: a source behind what has already been
    /// processed cannot be waited for (what it delivers is caught up on its own), so it holds nothing back.
    /// When every active source is behind, the slowest of them (nothing moves until one catches up).
    public func eventTime(ignoringBelow floor: Int64) -> Int64? {
        var slowest: Int64?
        var slowestKeptUp: Int64?
        var anyActive = false
        for state in sources.values where !state.idle {
            guard let highest = state.highest else { return nil }
            anyActive = true
            slowest = min(slowest ?? highest, highest)
            if highest >= floor { slowestKeptUp = min(slowestKeptUp ?? highest, highest) }
        }
        return anyActive ? slowestKeptUp ?? slowest : frontier
    }
}
