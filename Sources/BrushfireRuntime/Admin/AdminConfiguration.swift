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
}
