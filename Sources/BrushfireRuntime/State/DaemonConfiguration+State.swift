import Yams

/// Where and how often the daemon checkpoints its state.
public struct StateConfiguration: Sendable, Equatable {
    /// The state directory; instances sharing one hand partitions' shop state to each other through it.
    public var path: String
    /// Names this instance's own file in the directory; instances sharing a directory need different names.
    public var instance = "main"
    /// How often every file is written (they are also written at graceful shutdown and on revocation).
    public var interval: Swift.Duration = .seconds(30)

    public init(path: String) {
        self.path = path
    }
}

extension DaemonConfiguration {
    /// The `state` section of the configuration file: a directory (`state: /var/lib/brushfire`) or a mapping of
    /// `dir`, `instance` and `checkpoint_interval_ms`.
    mutating func applyState(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        if case .scalar = node {
            state = try reader.optionalString(node, "state").map { StateConfiguration(path: $0) }
            return
        }
        var settings = state ?? StateConfiguration(path: "")
        for (key, value) in try reader.mapping(node, "state") {
            switch key {
            case "dir": settings.path = try reader.string(value, "state.dir")
            case "instance": settings.instance = try reader.string(value, "state.instance")
            case "checkpoint_interval_ms":
                settings.interval = .milliseconds(try reader.int(value, "state.checkpoint_interval_ms", min: 1))
            default:
                throw reader.unknown("state.\(key)", value, expected: "dir, instance, checkpoint_interval_ms")
            }
        }
        guard !settings.path.isEmpty else {
            throw ConfigurationError("state.dir is required in a state section", at: reader.location(node))
        }
        state = settings
    }

    /// `BRUSHFIRE_STATE` (the directory, empty for none) and `BRUSHFIRE_STATE_INSTANCE`; returns whether `name`
    /// was one of them.
    mutating func applyState(environment name: String, _ value: String) -> Bool {
        switch name {
        case "BRUSHFIRE_STATE":
            if value.isEmpty {
                state = nil
            } else {
                var settings = state ?? StateConfiguration(path: value)
                settings.path = value
                state = settings
            }
        case "BRUSHFIRE_STATE_INSTANCE":
            var settings = state ?? StateConfiguration(path: "")
            settings.instance = value
            state = settings.path.isEmpty ? state : settings
        default:
            return false
        }
        return true
    }
}
