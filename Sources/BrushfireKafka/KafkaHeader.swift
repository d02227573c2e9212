/// One Kafka record header. A `nil` value is a header without a value (distinct from an empty one).
public struct KafkaHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]?

    public init(_ name: String, _ value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = Array(value.utf8)
    }

    /// The value as UTF-8 text, when there is a value.
    public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}

extension Array where Element == KafkaHeader {
    /// The last header named `name`, as text.
    public func string(_ name: String) -> String? {
        last(where: { $0.name == name })?.stringValue
    }
}
