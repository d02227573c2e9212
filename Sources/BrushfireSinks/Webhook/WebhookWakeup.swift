import Synchronization

/// A nudge from one task to another: `signal()` wakes a `wait`, or the next one if nobody is waiting yet.
final class WebhookWakeup: Sendable {
    private struct State {
        var signalled = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    func signal() {
        let waiters = state.withLock { state in
            let waiting = state.waiters
            state.waiters = [:]
            state.signalled = waiting.isEmpty
            return waiting
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Returns when signalled or when the task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.signalled || Task.isCancelled {
                        state.signalled = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Returns when signalled, cancelled, or after `milliseconds` on `clock`.
    func wait(atMost milliseconds: Int64, clock: WebhookClock) async {
        guard milliseconds > 0 else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await clock.sleep(milliseconds) }
            await group.next()
            group.cancelAll()
        }
    }
}
