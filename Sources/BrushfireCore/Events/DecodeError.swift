/// Why a line or message is not a valid event. `reason` is a stable machine code; `message` says what to fix.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case tooLong = "too_long"
        case invalidUTF8 = "invalid_utf8"
        case malformedJSON = "malformed_json"
        case notAnObject = "not_an_object"
        case missingField = "missing_field"
        case wrongType = "wrong_type"
        case invalidValue = "invalid_value"
        case unknownType = "unknown_type"
        case timestampOutOfRange = "timestamp_out_of_range"
    }

    public var reason: Reason
    /// The offending field, when there is one (`receiver.phone`).
    public var field: String?
    public var message: String

    public init(_ reason: Reason, field: String? = nil, _ message: String) {
        self.reason = reason
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(reason.rawValue): \(field): \(message)" }
        return "\(reason.rawValue): \(message)"
    }
}
