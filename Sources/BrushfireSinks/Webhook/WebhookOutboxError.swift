/// A failure reading or writing the outbox database, naming the file and what was being done.
public struct WebhookOutboxError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var message: String
    /// The task was cancelled (a shutdown) while waiting for the database: not a fault worth reporting.
    public var isCancellation: Bool

    public init(path: String, operation: String, message: String, isCancellation: Bool = false) {
        self.path = path
        self.operation = operation
        self.message = message
        self.isCancellation = isCancellation
    }

    init(path: String, operation: String, error: any Error) {
        self.init(
            path: path, operation: operation, message: "\(error)", isCancellation: error is CancellationError)
    }

    public var description: String { "webhook outbox \(path): \(operation) failed: \(message)" }
}
