import Yams

extension DaemonConfiguration {
    /// The `admin` section of the configuration file: `address` (`HOST:PORT`, `:PORT` for loopback), `token`,
    /// `allow_anonymous`, `max_ready_lag`, `publish_interval_ms`.
    mutating func applyAdmin(_ node: Node, _ reader: YAMLReader) throws(ConfigurationError) {
        var settings = admin ?? AdminConfiguration()
        for (key, value) in try reader.mapping(node, "admin") {
            switch key {
            case "address":
                let parsed = try AdminConfiguration(address: try reader.string(value, "admin.address"))
                settings.host = parsed.host
                settings.port = parsed.port
            case "token": settings.token = try reader.optionalString(value, "admin.token")
            case "allow_anonymous": settings.allowAnonymous = try reader.bool(value, "admin.allow_anonymous")
            case "max_ready_lag": settings.maxReadyLag = Int64(try reader.int(value, "admin.max_ready_lag", min: 0))
            case "publish_interval_ms":
                settings.publishInterval = .milliseconds(try reader.int(value, "admin.publish_interval_ms", min: 1))
            default:
                throw reader.unknown(
                    "admin.\(key)", value,
                    expected: "address, token, allow_anonymous, max_ready_lag, publish_interval_ms")
            }
        }
        admin = settings
    }

    /// `BRUSHFIRE_ADMIN` (the address) and `BRUSHFIRE_ADMIN_TOKEN`; returns whether `name` was one of them.
    mutating func applyAdmin(environment name: String, _ value: String) throws(ConfigurationError) -> Bool {
        switch name {
        case "BRUSHFIRE_ADMIN":
            let parsed = try AdminConfiguration(address: value)
            var settings = admin ?? AdminConfiguration()
            settings.host = parsed.host
            settings.port = parsed.port
            admin = settings
        case "BRUSHFIRE_ADMIN_TOKEN":
            var settings = admin ?? AdminConfiguration()
            settings.token = value.isEmpty ? nil : value
            admin = settings
        default:
            return false
        }
        return true
    }
}
