import Synchronization

/// The latest ``AdminSnapshot``, handed from the ingest loop to the admin server.
public final class AdminState: Sendable {
    private let current = Mutex(AdminSnapshot())

    public init() {}

    public var snapshot: AdminSnapshot { current.withLock { $0 } }

    func publish(_ snapshot: AdminSnapshot) {
        current.withLock { $0 = snapshot }
    }

    func markStopped() {
        current.withLock { $0.stopped = true }
    }
}
