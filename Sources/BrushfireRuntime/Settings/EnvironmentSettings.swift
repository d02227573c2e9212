import Configuration

/// `BRUSHFIRE_*` environment variables as a layer, read by swift-configuration's `EnvironmentVariablesProvider`:
/// each variable of the table stands for one setting (`BRUSHFIRE_BROKERS` for `kafka.brokers`), and
/// `BRUSHFIRE_KAFKA_<PROPERTY>` for any librdkafka property under `kafka.properties`
/// (`BRUSHFIRE_KAFKA_SASL_PASSWORD` → `sasl.password`). Variables that carry secrets are marked secret.
struct EnvironmentSettings: SettingsLayer {
    static let kafkaPropertyPrefix = "BRUSHFIRE_KAFKA_"
    /// The map whose names `BRUSHFIRE_KAFKA_<PROPERTY>` variables give.
    static let kafkaProperties: SettingKey = "kafka.properties"

    private let variables: [SettingKey: String]
    /// librdkafka property names to the variables that set them.
    private let properties: [String: String]
    private let upstream: EnvironmentVariablesProvider

    var providerName: String { "environment" }

    /// - Parameters:
    ///   - variables: the setting each variable stands for.
    ///   - secrets: variables whose values are secret, besides Kafka properties that `isSecretProperty` names.
    init(
        environment: [String: String], variables: [SettingKey: String], secrets: Set<String>,
        isSecretProperty: @escaping @Sendable (String) -> Bool
    ) throws(ConfigurationError) {
        self.variables = variables
        var properties: [String: String] = [:]
        var read: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix("BRUSHFIRE_") {
            if name.hasPrefix(Self.kafkaPropertyPrefix) {
                let property = name.dropFirst(Self.kafkaPropertyPrefix.count).lowercased().replacing("_", with: ".")
                guard !property.isEmpty else { throw ConfigurationError("no property named", at: name) }
                // The provider finds a variable by its upper-case name; keep a lower-case spelling working.
                properties[property] = name.uppercased()
                read[name.uppercased()] = value
            } else {
                read[name] = value
            }
        }
        self.properties = properties
        let secretProperties = Set(properties.filter { isSecretProperty($0.key) }.values)
        upstream = EnvironmentVariablesProvider(
            environmentVariables: read, secretsSpecifier: .specific(secrets.union(secretProperties)),
            arraySeparator: ",")
    }

    /// The variable that stands for `key`, if any.
    func variable(for key: SettingKey) -> String? {
        if key.components.count == 3, SettingKey(Array(key.components.prefix(2))) == Self.kafkaProperties {
            return properties[key.components[2]]
        }
        return variables[key]
    }

    func location(of key: SettingKey) -> String? {
        guard let name = variable(for: key), (try? upstream.environmentValue(forName: name)) != nil else {
            return nil
        }
        return name
    }

    func names(under prefix: SettingKey) -> [String] {
        prefix == Self.kafkaProperties ? properties.keys.sorted() : []
    }

    func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        let setting = SettingKey(key)
        guard let name = variable(for: setting) else {
            return LookupResult(encodedKey: setting.description, value: nil)
        }
        do {
            return try upstream.value(forKey: AbsoluteConfigKey([name]), type: type)
        } catch {
            throw ConfigurationError.notConvertible(setting, to: type, at: name)
        }
    }
}

extension SettingsLayers {
    /// One environment variable read through swift-configuration outside the daemon's settings (the fingerprint
    /// key, the `--webhook` endpoint's secret); a secret is redacted in access reports. `nil` when unset or empty.
    public static func environmentVariable(_ name: String, secret: Bool, in environment: [String: String]) -> String? {
        let provider = EnvironmentVariablesProvider(
            environmentVariables: environment, secretsSpecifier: secret ? .specific([name]) : .none)
        guard let value = ConfigReader(provider: provider).string(forKey: ConfigKey([name]), isSecret: secret),
            !value.isEmpty
        else { return nil }
        return value
    }
}
