#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<outbox>.lock`, so that only one dispatcher delivers from an outbox at a time (two
/// would send the same deliveries twice and out of order). The kernel drops it when the process dies, even by
/// `kill -9`.
final class WebhookDispatcherLock {
    private let descriptor: Int32

    init(outboxPath: String) throws(WebhookOutboxError) {
        let path = outboxPath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw WebhookOutboxError(
                path: outboxPath, operation: "lock", message: "cannot open \(path): errno \(errno)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw WebhookOutboxError(
                path: outboxPath, operation: "lock",
                message: "another dispatcher is already delivering from this outbox (\(path) is locked)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
