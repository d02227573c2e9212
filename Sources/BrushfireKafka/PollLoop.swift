import CRdKafka
import Logging

/// The consumer's poll thread: takes messages in batches, packs them, and hands them to the application.
struct PollLoop: @unchecked Sendable {
    let handle: NativeHandle
    let topics: [String]
    let channel: BoundedChannel<KafkaConsumerEvent>
    let poller: PollerControl
    let logger: Logger
    let maxBatch: Int
    let timeoutMillis: Int32
    let includeHeaders: Bool

    func run() {
        let queue = rd_kafka_queue_get_consumer(handle.pointer)!
        defer {
            rd_kafka_queue_destroy(queue)
            channel.finish()
            poller.finished()
        }
        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxBatch)
        defer { messages.deallocate() }
        var topicIndexes: [OpaquePointer: Int32] = [:]
        var capacityHint = 1 << 16
        while !poller.isStopping {
            let count = rd_kafka_consume_batch_queue(queue, Int32(timeoutMillis), messages, maxBatch)
            var batch = KafkaMessageBatch(topics: topics)
            if count > 0 { batch.reserve(records: count, bytes: capacityHint) }
            for index in 0..<max(0, count) {
                guard let message = messages[index] else { continue }
                defer { rd_kafka_message_destroy(message) }
                let topicIndex = topicIndex(of: message.pointee.rkt, cache: &topicIndexes)
                switch message.pointee.err {
                case RD_KAFKA_RESP_ERR_NO_ERROR:
                    append(message, topicIndex: topicIndex, to: &batch)
                case RD_KAFKA_RESP_ERR__PARTITION_EOF:
                    if topicIndex >= 0 {
                        batch.partitionsAtEnd.append(TopicPartition(topics[Int(topicIndex)], message.pointee.partition))
                    }
                default:
                    let topic = topicIndex >= 0 ? topics[Int(topicIndex)] : "?"
                    let detail = message.pointee.payload.map {
                        String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
                    }
                    logger.warning(
                        "Kafka consumer error on \(topic)[\(message.pointee.partition)]: \(KafkaError(message.pointee.err, detail ?? "fetch"))"
                    )
                }
            }
            capacityHint = max(capacityHint, batch.bytes.count)
            if !channel.send(.batch(batch)) { break }
        }
    }

    private func append(
        _ message: UnsafeMutablePointer<rd_kafka_message_t>, topicIndex: Int32, to batch: inout KafkaMessageBatch
    ) {
        guard topicIndex >= 0 else { return }
        let m = message.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        let value = UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)
        let key = m.key.map { UnsafeRawBufferPointer(start: $0, count: m.key_len) }
        batch.append(
            source: Int(topicIndex) << 20 | Int(m.partition), topicIndex: topicIndex, partition: m.partition,
            offset: m.offset, timestamp: timestamp, key: key, value: value,
            headers: includeHeaders ? headers(of: message) : nil)
    }

    private func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var native: OpaquePointer?
        guard rd_kafka_message_headers(message, &native) == RD_KAFKA_RESP_ERR_NO_ERROR, let native else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(native, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(name.map { String(cString: $0) } ?? "", bytes))
            index += 1
        }
        return result
    }

    private func topicIndex(of topic: OpaquePointer?, cache: inout [OpaquePointer: Int32]) -> Int32 {
        guard let topic else { return -1 }
        if let index = cache[topic] { return index }
        let name = String(cString: rd_kafka_topic_name(topic))
        let index = topics.firstIndex(of: name).map(Int32.init) ?? -1
        cache[topic] = index
        return index
    }
}
