import BrushfireSinks
import Synchronization

/// A wall clock for webhook delivery that moves only when the test says: hours of retry schedule pass in
/// milliseconds, while HTTP still goes to a real receiver in real time.
///
/// The test waits until every task it expects is asleep on the clock (the dispatcher's endpoint workers and its
/// pruner), so time never jumps while an attempt is in flight, then moves time to the next deadline.
final class WebhookTestClock: Sendable {
    private struct Sleeper {
        var deadline: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Int64
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
        /// Sleeps begun so far, to tell a task that went back to sleep from one that never woke.
        var sleepsBegun = 0
    }

    private let state: Mutex<State>

    init(start: Int64) {
        state = Mutex(State(now: start))
    }

    var now: Int64 { state.withLock { $0.now } }

    var clock: WebhookClock {
        WebhookClock(now: { self.now }, sleep: { try await self.sleep($0) })
    }

    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    var sleepsBegun: Int { state.withLock { $0.sleepsBegun } }

    /// The earliest deadline of a sleeping task.
    var nextDeadline: Int64? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    private func sleep(_ milliseconds: Int64) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if milliseconds <= 0 { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: state.now + milliseconds, continuation: continuation)
                    state.sleepsBegun += 1
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits, in real time, until `count` tasks sleep on the clock and `sleepsBegun` has reached `begun` (each
    /// task that was woken has gone back to sleep, rather than not yet having noticed); `false` after `timeout`.
    func waitForSleepers(_ count: Int, begun: Int = 0, timeout: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while sleeperCount < count || sleepsBegun < begun {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    /// Moves time forward to `time` (never back) and wakes every sleeper whose deadline has come; returns how
    /// many it woke.
    @discardableResult
    func advance(to time: Int64) -> Int {
        let due = state.withLock { state in
            state.now = max(state.now, time)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
        return due.count
    }
}
