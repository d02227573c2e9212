import CRdKafka

/// librdkafka properties (`bootstrap.servers`, `security.protocol`, `sasl.*`, `ssl.*`, ...) passed through as-is.
///
/// The binding sets a few properties itself (the consumer's offset handling, the producer's idempotence); those
/// are documented on the client types and win over values given here where correctness depends on them.
public struct KafkaConfiguration: Sendable, Equatable {
    public var properties: [String: String]

    public init(_ properties: [String: String] = [:]) {
        self.properties = properties
    }

    public init(brokers: String, _ properties: [String: String] = [:]) {
        self.properties = properties
        self.properties["bootstrap.servers"] = brokers
    }

    public subscript(name: String) -> String? {
        get { properties[name] }
        set { properties[name] = newValue }
    }

    /// These properties with `other` laid over them.
    public func merging(_ other: [String: String]) -> KafkaConfiguration {
        KafkaConfiguration(properties.merging(other) { _, new in new })
    }

    /// Builds a native `rd_kafka_conf_t`; the caller owns it (until it is handed to `rd_kafka_new`).
    func makeNative() throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                throw KafkaError.configuration("Kafka property '\(name)': \(reason)")
            }
        }
        return conf
    }
}
