import BrushfireCore

/// Somewhere alerts go: a file, stdout, a Kafka topic, webhook endpoints.
///
/// When `write` returns, the alerts are as durable as the sink promises (on disk in the outbox for webhooks,
/// acknowledged by the broker for Kafka), so the caller may commit the input offsets that produced them.
public protocol AlertSink: Sendable {
    func write(_ alerts: [Alert]) async throws
    /// Pushes out anything buffered.
    func flush() async throws
    /// Flushes and releases resources; the sink is unusable afterwards.
    func close() async throws
}
