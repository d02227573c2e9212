/// Where the admin HTTP server listens, who may use it, and when the daemon counts as ready.
public struct AdminConfiguration: Sendable, Equatable {
    /// The address to bind: loopback unless an operator names another.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (tests).
    public var port = 9464
    /// When set, `/metrics` and `/v1/*` require `Authorization: Bearer <token>`; `/`, `/healthz` and `/readyz`
    /// stay open for browsers and probes.
    public var token: String?
    /// `/readyz` fails while any assigned partition lags by more messages than this.
    public var maxReadyLag: Int64 = 10_000
    /// How often the ingest loop publishes what the server shows.
    public var publishInterval: Swift.Duration = .milliseconds(250)
    /// Serve beyond loopback without a token: the operator says the network in front of the port restricts who
    /// reaches it. Without it, `validate()` refuses such a bind.
    public var allowAnonymous = false

    public init(host: String = "127.0.0.1", port: Int = 9464, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Parses `HOST:PORT`, `:PORT` (loopback) or `PORT`; `[::1]:PORT` for IPv6.
    public init(address: String, token: String? = nil) throws(ConfigurationError) {
        var host = "127.0.0.1"
        var portText = Substring(address)
        if let colon = address.lastIndex(of: ":") {
            let named = address[..<colon]
            if !named.isEmpty {
                host = String(named.hasPrefix("[") && named.hasSuffix("]") ? named.dropFirst().dropLast() : named)
            }
            portText = address[address.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ConfigurationError("admin address '\(address)' must be HOST:PORT with a port from 0 to 65535")
        }
        self.init(host: host, port: port, token: token)
    }

    /// The address as `host:port`.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether `host` can only be reached from this machine: `localhost`, `127.0.0.0/8` or `::1`. Any other
    /// name counts as reachable from elsewhere, since it may resolve to any interface.
    public var bindsLoopbackOnly: Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Refuses a bind beyond loopback without a token, unless `allowAnonymous`: the server shows incidents, buyer
    /// account ids and fingerprints to whoever reaches the port.
    public func validate() throws(ConfigurationError) {
        guard !bindsLoopbackOnly, token == nil, !allowAnonymous else { return }
        throw ConfigurationError(
            "admin: refusing to serve incidents, buyer ids and fingerprints on \(address) without a token; "
                + "set --admin-token (BRUSHFIRE_ADMIN_TOKEN, admin.token), bind loopback (--admin :\(port)), "
                + "or pass --admin-allow-anonymous (admin.allow_anonymous: true) if a firewall or proxy in front "
                + "of the port decides who reaches it")
    }
}
