import BrushfireKafka

/// Why an event was not processed, as written to the dead-letter topic.
public struct DeadLetterReason: Sendable, Equatable {
    /// A stable code: a decode reason (`malformed_json`, `missing_field`, ...), `late` or `too_far_ahead`.
    public var code: String
    /// What is wrong, for a person; never the event's raw personal data.
    public var message: String
    /// The offending field, when there is one.
    public var field: String?
    /// Kafka Connect's stage name: `VALUE_CONVERTER` for undecodable events, `TASK_PUT` for ones the engine refused.
    public var stage: String

    public init(code: String, message: String, field: String? = nil, stage: String) {
        self.code = code
        self.message = message
        self.field = field
        self.stage = stage
    }
}

/// Builds dead-letter messages: the original key and value, unchanged, with headers in Kafka Connect's
/// convention (`__connect.errors.*`) naming the source topic, partition, offset and the error.
public enum DeadLetter {
    public static let topicHeader = "__connect.errors.topic"
    public static let partitionHeader = "__connect.errors.partition"
    public static let offsetHeader = "__connect.errors.offset"
    public static let messageHeader = "__connect.errors.exception.message"
    public static let exceptionClassHeader = "__connect.errors.exception.class.name"
    public static let stageHeader = "__connect.errors.stage"
    public static let connectorHeader = "__connect.errors.connector.name"
    /// Brushfire's stable reason code (`malformed_json`, `late`, ...).
    public static let reasonHeader = "brushfire.errors.reason"
    public static let fieldHeader = "brushfire.errors.field"

    public static func message(
        to deadLetterTopic: String, from source: TopicPartition, offset: Int64, key: [UInt8]?, value: [UInt8],
        reason: DeadLetterReason
    ) -> KafkaOutgoingMessage {
        var headers = [
            KafkaHeader(topicHeader, source.topic),
            KafkaHeader(partitionHeader, String(source.partition)),
            KafkaHeader(offsetHeader, String(offset)),
            KafkaHeader(connectorHeader, "brushfire"),
            KafkaHeader(stageHeader, reason.stage),
            KafkaHeader(exceptionClassHeader, "brushfire.\(reason.code)"),
            KafkaHeader(messageHeader, reason.message),
            KafkaHeader(reasonHeader, reason.code),
        ]
        if let field = reason.field { headers.append(KafkaHeader(fieldHeader, field)) }
        return KafkaOutgoingMessage(topic: deadLetterTopic, key: key, value: value, headers: headers)
    }
}
