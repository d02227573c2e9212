import Configuration

/// Settings in layers read through one swift-configuration `ConfigReader`: the command line over the environment
/// over the file, each layer a provider; what none of them gives keeps its default. A value that cannot be used is
/// an error at the place it came from: the file's line and column, the environment variable or the flag.
public struct SettingsLayers: Sendable {
    /// Highest precedence first, as the reader asks them.
    let layers: [any SettingsLayer]
    /// Every value is read through this reader; secrets are read with `isSecret`, so an access reporter (such as
    /// the one `CONFIG_ACCESS_LOG_FILE` turns on) shows them redacted.
    public let reader: ConfigReader

    init(_ layers: [any SettingsLayer], accessReporter: (any AccessReporter)? = nil) {
        self.layers = layers
        // A reader needs a provider even when no layer is given: an empty one leaves every setting at its default.
        let providers: [any ConfigProvider] = layers.isEmpty ? [InMemoryProvider(values: [:])] : layers
        reader = ConfigReader(providers: providers, accessReporter: accessReporter)
    }

    /// Where the value that the reader uses for `key` comes from, or `nil` when no layer sets it.
    public func origin(of key: SettingKey) -> String? {
        for layer in layers {
            if let location = layer.location(of: key) { return location }
        }
        return nil
    }

    /// The names that any layer holds under `prefix`, each once, in the order the layers first give them.
    public func names(under prefix: SettingKey) -> [String] {
        var seen: Set<String> = []
        var names: [String] = []
        for layer in layers {
            for name in layer.names(under: prefix) where seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// Text; `nil` when no layer sets it.
    func text(_ key: SettingKey, secret: Bool = false) throws(ConfigurationError) -> Setting<String>? {
        try read(key) { try reader.requiredString(forKey: key.configKey, isSecret: secret) }
    }

    /// Text where an empty value (or `null` in the file) means none: `.some(nil)` when a layer says none.
    func optionalText(_ key: SettingKey, secret: Bool = false) throws(ConfigurationError) -> Setting<String?>? {
        try text(key, secret: secret).map { $0.map { $0.isEmpty ? nil : $0 } }
    }

    /// A list of text values; a single value in the file is a list of one, and the environment separates values
    /// with commas. Empty entries are dropped.
    func texts(_ key: SettingKey, secret: Bool = false) throws(ConfigurationError) -> Setting<[String]>? {
        try read(key) { try reader.requiredStringArray(forKey: key.configKey, isSecret: secret) }
            .map { $0.map { $0.filter { !$0.isEmpty } } }
    }

    func bool(_ key: SettingKey) throws(ConfigurationError) -> Setting<Bool>? {
        try read(key) { try reader.requiredBool(forKey: key.configKey) }
    }

    func int(_ key: SettingKey, min: Int = .min) throws(ConfigurationError) -> Setting<Int>? {
        guard let setting = try read(key, { try reader.requiredInt(forKey: key.configKey) }) else { return nil }
        guard setting.value >= min else {
            throw ConfigurationError("\(key) must be at least \(min)", at: setting.location)
        }
        return setting
    }

    /// Milliseconds as a duration.
    func milliseconds(_ key: SettingKey, min: Int) throws(ConfigurationError) -> Setting<Swift.Duration>? {
        try int(key, min: min).map { $0.map { .milliseconds($0) } }
    }

    private func read<Value>(_ key: SettingKey, _ lookup: () throws -> Value) throws(ConfigurationError)
        -> Setting<Value>?
    {
        guard let location = origin(of: key) else { return nil }
        do {
            return Setting(value: try lookup(), key: key, location: location)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("\(key): \(error)", at: location)
        }
    }
}

/// A value read from the layers, with its name and where it came from, for errors found after reading it.
struct Setting<Value> {
    var value: Value
    var key: SettingKey
    var location: String

    func map<Other, Failure: Error>(_ transform: (Value) throws(Failure) -> Other) throws(Failure) -> Setting<Other> {
        Setting<Other>(value: try transform(value), key: key, location: location)
    }

    /// An error about this value, at its place.
    func error(_ message: String) -> ConfigurationError { ConfigurationError(message, at: location) }
}

extension SettingsLayers {
    /// Whether a settings file among the layers writes out the section `key` (even an empty one).
    func fileHas(_ key: SettingKey) -> Bool {
        layers.contains { ($0 as? SettingsFile)?.contains(key) == true }
    }
}
