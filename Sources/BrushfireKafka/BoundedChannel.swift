import Dispatch
import Synchronization

/// A bounded hand-off from one blocking producer thread to one async reader: the thread waits while the buffer is
/// full, which is the consumer's backpressure.
package final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State {
        var buffer: [Element] = []
        var head = 0
        var waiter: CheckedContinuation<Element?, Never>?
        var finished = false

        mutating func take() -> Element? {
            guard head < buffer.count else { return nil }
            let element = buffer[head]
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            }
            return element
        }
    }

    private let state = Mutex(State())
    private let space: DispatchSemaphore

    package init(capacity: Int) {
        // Starting at zero and signalling up: libdispatch traps when a semaphore is released below its initial
        // value, which a finished channel with unread elements would be.
        space = DispatchSemaphore(value: 0)
        for _ in 0..<capacity { space.signal() }
    }

    /// Blocks until there is room; returns `false` (dropping `element`) once the channel is finished.
    package func send(_ element: Element) -> Bool {
        space.wait()
        var delivered: CheckedContinuation<Element?, Never>?
        let accepted = state.withLock { state in
            if state.finished { return false }
            if let waiter = state.waiter {
                state.waiter = nil
                delivered = waiter
            } else {
                state.buffer.append(element)
            }
            return true
        }
        if let delivered {
            space.signal()
            delivered.resume(returning: element)
        } else if !accepted {
            space.signal()
        }
        return accepted
    }

    /// The next element; `nil` when the channel is finished and drained, or when the task is cancelled.
    package func next() async -> Element? {
        if let element = state.withLock({ $0.take() }) {
            space.signal()
            return element
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                var taken: Element?
                let waiting = state.withLock { state in
                    taken = state.take()
                    if taken != nil || state.finished || Task.isCancelled { return false }
                    state.waiter = continuation
                    return true
                }
                if !waiting {
                    if taken != nil { space.signal() }
                    continuation.resume(returning: taken)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Ends the channel: the sender's next `send` returns `false`; the reader drains what is buffered, then gets `nil`.
    package func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
        space.signal()
    }
}
