/// One consumed message: where it came from and where its bytes sit in its batch.
public struct KafkaRecord: Sendable {
    /// A small integer naming the topic-partition, stable for the life of the consumer
    /// (`topic index << 20 | partition`, topic index in subscription order).
    public var source: Int
    public var partition: Int32
    public var offset: Int64
    /// The record's Kafka timestamp (producer create time or broker log-append time), epoch ms; -1 if none.
    public var timestamp: Int64
    var topicIndex: Int32
    var valueStart: Int32
    var valueCount: Int32
    var keyStart: Int32
    /// -1 for a record without a key.
    var keyCount: Int32
    var headerIndex: Int32
}

/// Messages taken from the consumer in one poll, with their payloads packed in one buffer.
///
/// Packing avoids an allocation per message on the hot path; read a payload with ``withValue(_:_:)``.
public struct KafkaMessageBatch: Sendable {
    /// The subscribed topics; a record's topic is `topics[record.topicIndex]`.
    public let topics: [String]
    public internal(set) var records: [KafkaRecord] = []
    /// Partitions whose end (the high watermark at fetch time) was reached during this poll.
    public internal(set) var partitionsAtEnd: [TopicPartition] = []
    var bytes: [UInt8] = []
    var headers: [[KafkaHeader]] = []

    init(topics: [String]) {
        self.topics = topics
    }

    public var isEmpty: Bool { records.isEmpty && partitionsAtEnd.isEmpty }

    public func topic(of record: KafkaRecord) -> String { topics[Int(record.topicIndex)] }

    public func topicPartition(of record: KafkaRecord) -> TopicPartition {
        TopicPartition(topics[Int(record.topicIndex)], record.partition)
    }

    /// Calls `body` with the record's value bytes (valid only inside `body`).
    public func withValue<R>(_ record: KafkaRecord, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { all in
            try body(
                UnsafeRawBufferPointer(
                    rebasing: all[Int(record.valueStart)..<Int(record.valueStart + record.valueCount)]))
        }
    }

    public func value(of record: KafkaRecord) -> [UInt8] {
        Array(bytes[Int(record.valueStart)..<Int(record.valueStart + record.valueCount)])
    }

    public func key(of record: KafkaRecord) -> [UInt8]? {
        guard record.keyCount >= 0 else { return nil }
        return Array(bytes[Int(record.keyStart)..<Int(record.keyStart + record.keyCount)])
    }

    /// The record's headers; empty unless the consumer was created with `includeHeaders`.
    public func headers(of record: KafkaRecord) -> [KafkaHeader] {
        record.headerIndex < 0 ? [] : headers[Int(record.headerIndex)]
    }

    mutating func append(
        source: Int, topicIndex: Int32, partition: Int32, offset: Int64, timestamp: Int64,
        key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer, headers recordHeaders: [KafkaHeader]?
    ) {
        let keyStart = Int32(bytes.count)
        if let key { bytes.append(contentsOf: key) }
        let valueStart = Int32(bytes.count)
        bytes.append(contentsOf: value)
        var headerIndex: Int32 = -1
        if let recordHeaders {
            headerIndex = Int32(headers.count)
            headers.append(recordHeaders)
        }
        records.append(
            KafkaRecord(
                source: source, partition: partition, offset: offset, timestamp: timestamp, topicIndex: topicIndex,
                valueStart: valueStart, valueCount: Int32(value.count), keyStart: keyStart,
                keyCount: key.map { Int32($0.count) } ?? -1, headerIndex: headerIndex))
    }

    mutating func reserve(records count: Int, bytes byteCount: Int) {
        records.reserveCapacity(count)
        bytes.reserveCapacity(byteCount)
    }
}
