/// Where a raw record came from: a line of a file, or an offset of a Kafka partition.
public enum RecordPosition: Sendable, Hashable, CustomStringConvertible {
    case line(file: String, line: Int)
    /// `timestamp` is the record's Kafka timestamp (epoch ms, -1 if none).
    case offset(topic: String, partition: Int32, offset: Int64, timestamp: Int64)

    public var description: String {
        switch self {
        case .line(let file, let line): "\(file):\(line)"
        case .offset(let topic, let partition, let offset, _): "\(topic)[\(partition)]@\(offset)"
        }
    }
}

/// A raw record the pipeline refused, with why and where, and its bytes so that nothing is lost.
public struct Rejection: Sendable, Equatable {
    /// Which step refused it: the decoder (not a valid event), or event time (a valid event it cannot process).
    public enum Stage: Sendable, Equatable {
        case decode
        case eventTime
    }

    /// The driver's own handle on the record (an index into its batch, a line number).
    public var tag: Int
    public var position: RecordPosition
    public var stage: Stage
    /// A stable code: a decode reason (`malformed_json`, `missing_field`, …), `late` or `too_far_ahead`.
    public var reason: String
    public var field: String?
    /// What is wrong, for a person; never the event's raw personal data.
    public var message: String
    /// The record's bytes (its first bytes only when `truncated`).
    public var raw: [UInt8]
    public var truncated: Bool
}
