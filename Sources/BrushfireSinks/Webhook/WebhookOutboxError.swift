/// A failure reading or writing the outbox database, naming the file and what was being done.
public struct WebhookOutboxError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var message: String

    public var description: String { "webhook outbox \(path): \(operation) failed: \(message)" }
}
