extension DaemonConfiguration {
    /// `admin.address` (`HOST:PORT`, `:PORT` for loopback), `admin.token` (a secret), `admin.allow_anonymous`,
    /// `admin.max_ready_lag`, `admin.publish_interval_ms`. Any of them but `allow_anonymous`, or an `admin` section in
    /// the file, turns the admin server on; `allow_anonymous` alone only permits what another layer turns on.
    mutating func applyAdmin(_ layers: SettingsLayers) throws(ConfigurationError) {
        var address: AdminConfiguration?
        if let text = try layers.text("admin.address") {
            do {
                address = try AdminConfiguration(address: text.value)
            } catch {
                throw text.error(error.message)
            }
        }
        let token = try layers.optionalText("admin.token", secret: true)
        let maxReadyLag = try layers.int("admin.max_ready_lag", min: 0)
        let publishInterval = try layers.milliseconds("admin.publish_interval_ms", min: 1)
        let allowAnonymous = try layers.bool("admin.allow_anonymous")
        if address != nil || token != nil || maxReadyLag != nil || publishInterval != nil || layers.fileHas("admin") {
            admin = admin ?? AdminConfiguration()
        }
        guard var settings = admin else { return }
        if let address { (settings.host, settings.port) = (address.host, address.port) }
        if let token { settings.token = token.value }
        if let maxReadyLag { settings.maxReadyLag = Int64(maxReadyLag.value) }
        if let publishInterval { settings.publishInterval = publishInterval.value }
        if let allowAnonymous { settings.allowAnonymous = allowAnonymous.value }
        admin = settings
    }
}
