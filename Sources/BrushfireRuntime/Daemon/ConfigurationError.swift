/// A configuration value that cannot be used, with where it came from (file and line, variable or flag).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `file:line:column`, `BRUSHFIRE_GROUP`, `--topic`, or `nil` when the problem spans settings.
    public var location: String?
    public var message: String

    public init(_ message: String, at location: String? = nil) {
        self.location = location
        self.message = message
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}
