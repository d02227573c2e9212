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
    /// `state.dir` (in the file also `state: DIR`; empty for none), `state.instance` and
    /// `state.checkpoint_interval_ms`. The instance and the interval apply only with a state directory.
    mutating func applyState(_ layers: SettingsLayers) throws(ConfigurationError) {
        if let dir = try layers.optionalText("state.dir") {
            if let path = dir.value {
                var settings = state ?? StateConfiguration(path: path)
                settings.path = path
                state = settings
            } else {
                state = nil
            }
        }
        let instance = try layers.text("state.instance")
        let interval = try layers.milliseconds("state.checkpoint_interval_ms", min: 1)
        guard var settings = state else { return }
        if let instance { settings.instance = instance.value }
        if let interval { settings.interval = interval.value }
        state = settings
    }
}
