import Configuration

/// One layer of settings — the file, the environment or the command line — as a swift-configuration provider that
/// also says where each of its values came from and which names it holds under a map such as `kafka.properties`.
protocol SettingsLayer: ConfigProvider, ConfigSnapshot {
    /// Where this layer's value for `key` came from (`brushfire.yaml:3:12`, `BRUSHFIRE_GROUP`, `--group`), or `nil`
    /// when the layer has no value for it.
    func location(of key: SettingKey) -> String?

    /// The names this layer holds directly under `prefix` (librdkafka properties, the indices of a list).
    func names(under prefix: SettingKey) -> [String]
}

extension SettingsLayer {
    func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        try value(forKey: key, type: type)
    }

    nonisolated(nonsending) func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey, type: ConfigType,
        updatesHandler:
            nonisolated(nonsending) (ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>)
            async throws -> Return
    ) async throws -> Return {
        try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
    }

    func snapshot() -> any ConfigSnapshot { self }

    nonisolated(nonsending) func watchSnapshot<Return: ~Copyable>(
        updatesHandler:
            nonisolated(nonsending) (ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws
            -> Return
    ) async throws -> Return {
        try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
    }
}

/// A setting's name: `kafka.brokers`, `kafka.properties` + `sasl.password`, `webhooks.endpoints` + `0` + `url`.
public struct SettingKey: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var components: [String]

    public init(_ components: [String]) { self.components = components }

    /// Splits a dotted name; use ``appending(_:)`` for a component that holds dots itself (a librdkafka property).
    public init(stringLiteral value: String) { components = value.split(separator: ".").map(String.init) }

    public func appending(_ component: String) -> SettingKey { SettingKey(components + [component]) }

    init(_ key: AbsoluteConfigKey) { components = key.components }

    var configKey: ConfigKey { ConfigKey(components) }

    /// `webhooks.endpoints[0].url`: list indices in brackets, as users read them.
    public var description: String {
        var text = ""
        for component in components {
            if !component.isEmpty && component.allSatisfy(\.isASCIIDigit) {
                text += "[\(component)]"
            } else {
                text += text.isEmpty ? component : ".\(component)"
            }
        }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension ConfigurationError {
    /// `kafka.group must be a text value`, at the value's place.
    static func notConvertible(_ key: SettingKey, to type: ConfigType, at location: String?) -> ConfigurationError {
        let expected =
            switch type {
            case .string: "a text value"
            case .int: "a whole number"
            case .bool: "true or false"
            case .stringArray: "a list of text values"
            default: "a value of type \(type.rawValue)"
            }
        return ConfigurationError("\(key) must be \(expected)", at: location)
    }
}
