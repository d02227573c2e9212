import Dispatch

/// What the consumer's poll thread hands to the application, in order.
public enum KafkaConsumerEvent: Sendable {
    /// Messages taken in one poll; empty when nothing arrived within the poll interval (a tick for time-based work).
    case batch(KafkaMessageBatch)
    /// The group gave this consumer these partitions.
    case assigned([TopicPartition])
    /// The group takes these partitions away. The consumer waits until ``KafkaRevocation/done()`` (so the
    /// application can store the offsets it has finished), then commits synchronously — unless `lost`, when the
    /// partitions may already belong to another member and nothing is committed.
    case revoked([TopicPartition], lost: Bool, KafkaRevocation)
    /// The client reported an error. A transient one is being retried by librdkafka and consumption goes on; after
    /// a fatal one (``KafkaClientError/isFatal``) the consumer cannot make progress and the application should
    /// close it.
    case error(KafkaClientError)
}

/// The application's acknowledgement that it has stored its final offsets for revoked partitions.
public final class KafkaRevocation: Sendable {
    private let signal = DispatchSemaphore(value: 0)

    init() {}

    public func done() { signal.signal() }

    func wait(timeout: Duration) -> Bool {
        signal.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds))) == .success
    }
}
