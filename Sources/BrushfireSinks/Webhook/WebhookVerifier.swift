import Crypto
import Foundation

/// Checks a webhook request's Standard Webhooks headers, as a receiver would.
///
/// Brushfire's tests use it beside the reference Python package; receivers written in Swift can use it too.
public struct WebhookVerifier: Sendable {
    public let secrets: [WebhookSecret]
    /// How far the `webhook-timestamp` may be from the receiver's clock, in seconds, before it is refused as stale.
    public let toleranceSeconds: Int64

    public init(secrets: [WebhookSecret], toleranceSeconds: Int64 = 300) {
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
    }

    /// Throws unless some `v1` signature in `signatureHeader` matches `body` under one of the secrets and the
    /// timestamp is within tolerance of `nowSeconds`.
    public func verify(
        id: String?, timestamp: String?, signatureHeader: String?, body: [UInt8], nowSeconds: Int64
    ) throws(WebhookVerificationError) {
        guard let id, !id.isEmpty, let timestamp, let signatureHeader else { throw .missingHeaders }
        guard let seconds = Int64(timestamp) else { throw .malformedTimestamp(timestamp) }
        if seconds < nowSeconds - toleranceSeconds { throw .timestampTooOld(seconds) }
        if seconds > nowSeconds + toleranceSeconds { throw .timestampTooNew(seconds) }
        for candidate in signatureHeader.split(separator: " ") {
            let parts = candidate.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let presented = Data(base64Encoded: String(parts[1])) else {
                continue
            }
            for secret in secrets {
                let key = SymmetricKey(data: secret.key)
                var message = Array("\(id).\(timestamp).".utf8)
                message.append(contentsOf: body)
                if HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: message, using: key) { return }
            }
        }
        throw .noMatchingSignature
    }
}

/// Why a webhook request failed verification.
public enum WebhookVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeaders
    case malformedTimestamp(String)
    case timestampTooOld(Int64)
    case timestampTooNew(Int64)
    case noMatchingSignature

    public var description: String {
        switch self {
        case .missingHeaders: "webhook-id, webhook-timestamp and webhook-signature are all required"
        case .malformedTimestamp(let text): "webhook-timestamp '\(text)' is not Unix seconds"
        case .timestampTooOld(let seconds): "webhook-timestamp \(seconds) is too old"
        case .timestampTooNew(let seconds): "webhook-timestamp \(seconds) is too far in the future"
        case .noMatchingSignature: "no v1 signature matches the body"
        }
    }
}
