import Foundation

/// Wall time for webhook delivery: `webhook-timestamp`, retry times stored in the outbox, and waiting for them.
///
/// Retry times outlive the process, so they are Unix epoch milliseconds rather than a `ContinuousClock` instant.
/// Tests inject a shifted clock to produce stale timestamps.
public struct WebhookClock: Sendable {
    /// Now, epoch milliseconds.
    public var now: @Sendable () -> Int64
    /// Sleeps for this many milliseconds; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Int64) async throws -> Void

    public init(now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (Int64) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's wall clock.
    public static let system = WebhookClock(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
        sleep: { milliseconds in try await Task.sleep(for: .milliseconds(max(milliseconds, 0))) })

    /// The system clock shifted by `offset` milliseconds (negative: behind).
    public static func system(offsetBy offset: Int64) -> WebhookClock {
        WebhookClock(now: { system.now() + offset }, sleep: system.sleep)
    }
}
