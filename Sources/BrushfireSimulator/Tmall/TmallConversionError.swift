/// Why a Tmall order report could not be converted: the line, the column when there is one, and what was wrong.
public struct TmallConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the CSV file.
    public var line: Int
    /// The column's header name, when the problem is one field.
    public var field: String?
    public var message: String

    public init(line: Int, field: String?, _ message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "line \(line): \(field): \(message)" }
        return "line \(line): \(message)"
    }
}
