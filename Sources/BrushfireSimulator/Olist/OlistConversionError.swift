/// Why the Olist dataset could not be converted: the file, the line and column when there are ones, and what was
/// wrong.
public struct OlistConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name or path.
    public var file: String
    /// 1-based line in the CSV text, or `nil` when the whole file is at fault (missing, unreadable).
    public var line: Int?
    /// The column's header name, when the problem is one field.
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String?, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let field { text += ": \(field)" }
        return text + ": \(message)"
    }
}
