import Yams

extension DaemonConfiguration {
    /// Lays the settings of a YAML configuration file over these. Unknown keys and wrong types are errors that
    /// name the file, line and column.
    public mutating func apply(yaml text: String, file: String) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw ConfigurationError("\(error)", at: file)
        }
        guard let root else { return }
        let reader = YAMLReader(file: file)
        for (key, value) in try reader.mapping(root, "the configuration") {
            switch key {
            case "kafka": try applyKafka(value, reader)
            case "alerts": try applyAlerts(value, reader)
            case "rules": rulesFile = try reader.string(value, "rules")
            case "shadow_rules": shadowRulesFile = try reader.optionalString(value, "shadow_rules")
            case "daemon": try applyDaemon(value, reader)
            case "state": try applyState(value, reader)
            case "admin": try applyAdmin(value, reader)
            case "webhooks": try applyWebhooks(value, reader)
            default:
                throw reader.unknown(
                    key, value, expected: "kafka, alerts, rules, shadow_rules, daemon, state, admin, webhooks")
            }
        }
    }

    private mutating func applyKafka(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        for (key, value) in try reader.mapping(node, "kafka") {
            switch key {
            case "brokers": brokers = try reader.string(value, "kafka.brokers")
            case "topics": topics = try reader.strings(value, "kafka.topics")
            case "group": group = try reader.string(value, "kafka.group")
            case "alerts_topic": alertsTopic = try reader.optionalString(value, "kafka.alerts_topic")
            case "dead_letter_topic": deadLetterTopic = try reader.optionalString(value, "kafka.dead_letter_topic")
            case "embedded": embeddedKafka = try reader.bool(value, "kafka.embedded")
            case "embedded_partitions": embeddedPartitions = try reader.int(value, "kafka.embedded_partitions")
            case "missing_topic_grace_ms":
                missingTopicGrace = .milliseconds(try reader.int(value, "kafka.missing_topic_grace_ms", min: 0))
            case "properties": kafkaProperties.merge(try reader.properties(value, "kafka.properties")) { _, new in new }
            case "consumer": consumerProperties.merge(try reader.properties(value, "kafka.consumer")) { _, new in new }
            case "producer": producerProperties.merge(try reader.properties(value, "kafka.producer")) { _, new in new }
            default:
                throw reader.unknown(
                    "kafka.\(key)", value,
                    expected:
                        "brokers, topics, group, alerts_topic, dead_letter_topic, embedded, embedded_partitions, "
                        + "missing_topic_grace_ms, "
                        + "properties, consumer, producer")
            }
        }
    }

    private mutating func applyAlerts(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        for (key, value) in try reader.mapping(node, "alerts") {
            switch key {
            case "file": alertsFile = try reader.optionalString(value, "alerts.file")
            case "stdout": alertsToStdout = try reader.bool(value, "alerts.stdout")
            case "topic": alertsTopic = try reader.optionalString(value, "alerts.topic")
            case "shadow_file": shadowAlertsFile = try reader.optionalString(value, "alerts.shadow_file")
            case "shadow_topic": shadowAlertsTopic = try reader.optionalString(value, "alerts.shadow_topic")
            default:
                throw reader.unknown(
                    "alerts.\(key)", value, expected: "file, stdout, topic, shadow_file, shadow_topic")
            }
        }
    }

    private mutating func applyDaemon(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        for (key, value) in try reader.mapping(node, "daemon") {
            switch key {
            case "idle_after_ms": idleAfter = .milliseconds(try reader.int(value, "daemon.idle_after_ms", min: 1))
            case "max_batch": maxBatch = try reader.int(value, "daemon.max_batch", min: 1)
            case "shutdown_timeout_ms":
                shutdownTimeout = .milliseconds(try reader.int(value, "daemon.shutdown_timeout_ms", min: 1))
            case "stats_interval_ms":
                statsInterval = .milliseconds(try reader.int(value, "daemon.stats_interval_ms", min: 0))
            case "max_event_bytes": maxEventBytes = try reader.int(value, "daemon.max_event_bytes", min: 1)
            default:
                throw reader.unknown(
                    "daemon.\(key)", value,
                    expected: "idle_after_ms, max_batch, shutdown_timeout_ms, stats_interval_ms, max_event_bytes")
            }
        }
    }

    private static func describe(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError("invalid YAML: \(problem)", at: "\(file):\(mark.line):\(mark.column)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams sorts the duplicated keys with `Node`'s `<`, which does not order keys of different kinds (a
            // list used as a key beside a plain name), so with such a key among them its order and the position it
            // reports change from one read to the next. Name the keys sorted here, and give the position only when
            // every duplicated key is a plain name.
            let complex = "<uncovertable>"  // Yams's name for a key that is not a scalar
            let names = duplicates.map { $0 == complex ? "a key that is not a plain name" : "'\($0)'" }.sorted()
            let location = duplicates.contains(complex) ? file : "\(file):\(context.mark.line):\(context.mark.column)"
            return ConfigurationError("duplicate keys \(names.joined(separator: ", "))", at: location)
        default:
            return ConfigurationError("invalid YAML: \(error)", at: file)
        }
    }
}

/// Typed reads from a composed YAML tree that fail with the node's position.
struct YAMLReader {
    let file: String

    func location(_ node: Node) -> String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    func mapping(_ node: Node, _ what: String) throws(ConfigurationError) -> [(String, Node)] {
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError("\(what) must be a mapping of keys to values", at: location(node))
        }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ConfigurationError("keys in \(what) must be plain names", at: location(key))
            }
            result.append((scalar.string, value))
        }
        return result
    }

    func string(_ node: Node, _ what: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node, node.null == nil else {
            throw ConfigurationError("\(what) must be a text value", at: location(node))
        }
        return scalar.string
    }

    /// A string, where `null`, `~` or an empty value means "none".
    func optionalString(_ node: Node, _ what: String) throws(ConfigurationError) -> String? {
        if node.null != nil { return nil }
        let value = try string(node, what)
        return value.isEmpty ? nil : value
    }

    func strings(_ node: Node, _ what: String) throws(ConfigurationError) -> [String] {
        if case .scalar = node { return [try string(node, what)] }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError("\(what) must be a list of text values", at: location(node))
        }
        var result: [String] = []
        for element in sequence { result.append(try string(element, what)) }
        return result
    }

    func bool(_ node: Node, _ what: String) throws(ConfigurationError) -> Bool {
        guard let value = node.bool else {
            throw ConfigurationError("\(what) must be true or false", at: location(node))
        }
        return value
    }

    func int(_ node: Node, _ what: String, min: Int = .min) throws(ConfigurationError) -> Int {
        guard let value = node.int else {
            throw ConfigurationError("\(what) must be a whole number", at: location(node))
        }
        guard value >= min else { throw ConfigurationError("\(what) must be at least \(min)", at: location(node)) }
        return value
    }

    /// librdkafka properties: names to scalar values (numbers and booleans are passed as written).
    func properties(_ node: Node, _ what: String) throws(ConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try mapping(node, what) {
            guard case .scalar(let scalar) = value else {
                throw ConfigurationError("\(what).\(key) must be a single value", at: location(value))
            }
            result[key] = scalar.string
        }
        return result
    }

    func unknown(_ key: String, _ node: Node, expected: String) -> ConfigurationError {
        ConfigurationError("unknown setting '\(key)' (expected one of: \(expected))", at: location(node))
    }
}
