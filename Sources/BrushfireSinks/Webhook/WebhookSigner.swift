import Crypto
import Foundation

/// Signs webhook requests the Standard Webhooks way: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
///
/// With several secrets (while one is being rotated) the header carries one signature per secret, separated by
/// spaces, so the receiver accepts the request with either its old or its new secret.
public struct WebhookSigner: Sendable {
    public let secrets: [WebhookSecret]

    public init(secrets: [WebhookSecret]) {
        self.secrets = secrets
    }

    /// The `webhook-signature` header value for exactly these body bytes.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        secrets.map { "v1," + Self.sign(id: id, timestamp: String(timestamp), body: body, key: $0.key) }
            .joined(separator: " ")
    }

    /// The base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under `key`.
    static func sign(id: String, timestamp: String, body: [UInt8], key: [UInt8]) -> String {
        Data(mac(id: id, timestamp: timestamp, body: body, key: key)).base64EncodedString()
    }

    static func mac(id: String, timestamp: String, body: [UInt8], key: [UInt8]) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        hmac.update(data: Array("\(id).\(timestamp).".utf8))
        hmac.update(data: body)
        return hmac.finalize()
    }
}
