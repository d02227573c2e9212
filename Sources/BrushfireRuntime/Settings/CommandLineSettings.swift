import Configuration

/// Settings given as command-line flags, each remembered with the flag that gave it. The command parses its flags
/// (swift-argument-parser) and sets here only those that were given, so that the other layers show through.
public struct CommandLineSettings: Sendable {
    fileprivate var values: [SettingKey: (content: ConfigContent, flag: String)] = [:]

    public init() {}

    /// Sets `key` when `value` is given.
    public mutating func set(_ key: SettingKey, _ value: String?, flag: String) {
        if let value { values[key] = (.string(value), flag) }
    }

    /// Sets `key` when `value` is given.
    public mutating func set(_ key: SettingKey, _ value: Int?, flag: String) {
        if let value { values[key] = (.int(value), flag) }
    }

    /// Sets `key` to true when the flag is on; an absent flag leaves the other layers' value.
    public mutating func set(_ key: SettingKey, on: Bool, flag: String) {
        if on { values[key] = (.bool(true), flag) }
    }

    /// Sets `key` when the repeatable option was given at least once.
    public mutating func set(_ key: SettingKey, _ list: [String], flag: String) {
        if !list.isEmpty { values[key] = (.stringArray(list), flag) }
    }
}

/// The command line's settings as the top layer.
struct CommandLineLayer: SettingsLayer {
    let settings: CommandLineSettings

    var providerName: String { "command line" }

    func location(of key: SettingKey) -> String? { settings.values[key]?.flag }

    func names(under prefix: SettingKey) -> [String] {
        let depth = prefix.components.count + 1
        return settings.values.keys.filter {
            $0.components.count == depth && $0.components.starts(with: prefix.components)
        }
        .map { $0.components[depth - 1] }.sorted()
    }

    func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        let setting = SettingKey(key)
        guard let (content, flag) = settings.values[setting] else {
            return LookupResult(encodedKey: setting.description, value: nil)
        }
        let matches =
            switch (content, type) {
            case (.string, .string), (.int, .int), (.bool, .bool), (.stringArray, .stringArray): true
            default: false
            }
        guard matches else { throw ConfigurationError.notConvertible(setting, to: type, at: flag) }
        return LookupResult(encodedKey: flag, value: ConfigValue(content, isSecret: false))
    }
}
