import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of 24 to 64 random bytes.
///
/// The key is the base64-decoded part; the text form is never printed (`description` is redacted).
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// The HMAC-SHA256 key.
    public let key: [UInt8]

    public static let prefix = "whsec_"

    /// Parses `whsec_<base64>`; the prefix may be left out and base64 padding is optional.
    public init(_ text: String, field: String = "webhook-secret") throws(WebhookConfigurationError) {
        var encoded = Substring(text.trimmingCharacters(in: .whitespaces))
        if encoded.hasPrefix(Self.prefix) { encoded = encoded.dropFirst(Self.prefix.count) }
        let padded = String(encoded) + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        guard !encoded.isEmpty, let data = Data(base64Encoded: padded) else {
            throw WebhookConfigurationError(field: field, reason: "expected \(Self.prefix) followed by base64")
        }
        guard (24...64).contains(data.count) else {
            throw WebhookConfigurationError(
                field: field, reason: "the key must be 24 to 64 bytes after base64 decoding, got \(data.count)")
        }
        self.key = [UInt8](data)
    }

    /// A new random secret, for operators setting up an endpoint.
    public static func random() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return try! WebhookSecret(Self.prefix + Data(bytes).base64EncodedString())
    }

    /// The secret in its `whsec_` form, for handing to the receiver's operator.
    public var text: String { Self.prefix + Data(key).base64EncodedString() }

    public var description: String { "whsec_…(\(key.count) bytes, redacted)" }
}
