import BrushfireCore
import BrushfireKafka

/// Produces alerts to a Kafka topic: key = the alert's subject id (so one subject's alerts stay in order on one
/// partition), value = `Alert.jsonLine()`, the same contract as replay's output.
///
/// `write` returns once the broker has acknowledged every alert (idempotent producer), so input offsets may be
/// committed after it.
public struct KafkaAlertSink: AlertSink {
    public let producer: KafkaProducer
    public let topic: String

    public init(producer: KafkaProducer, topic: String) {
        self.producer = producer
        self.topic = topic
    }

    public func write(_ alerts: [Alert]) async throws {
        try await write(alerts, headers: [])
    }

    /// Writes alerts with per-alert headers (`headers[i]` for `alerts[i]`; missing entries mean none), such as the
    /// daemon's provenance of the event that triggered each alert.
    public func write(_ alerts: [Alert], headers: [[KafkaHeader]]) async throws {
        guard !alerts.isEmpty else { return }
        let messages = alerts.enumerated().map { index, alert in
            KafkaOutgoingMessage(
                topic: topic, key: alert.subject.id, value: alert.jsonLine(),
                headers: index < headers.count ? headers[index] : [])
        }
        _ = try await producer.send(messages)
    }

    public func flush() async throws {
        try await producer.flush()
    }

    /// Flushes; the producer itself is closed by its owner (it may serve other topics).
    public func close() async throws {
        try await producer.flush()
    }
}
