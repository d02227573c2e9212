#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall time where the daemon compares its own moments with timestamps from elsewhere (a Kafka record's
/// timestamp, for the event-to-alert delay): epoch microseconds. Injected, so that a test can shift it.
public struct WallClock: Sendable {
    /// Now, epoch microseconds.
    public var microseconds: @Sendable () -> Int64

    public init(microseconds: @escaping @Sendable () -> Int64) {
        self.microseconds = microseconds
    }

    /// The system's real-time clock.
    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
