/// Why a checkpoint could not be read, or written. A checkpoint is input like any other: a bad one is reported, never
/// trusted.
public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The bytes end before the value being read.
        case truncated
        /// A value is out of range or inconsistent (a count larger than the bytes left, an unknown case).
        case malformed
        /// Written by another format version, or for rules whose windows have a different shape.
        case incompatible
        /// The state holds a value the format cannot represent (a count beyond 32 bits); raised when writing.
        case unencodable
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
