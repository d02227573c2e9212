/// Why a CSV document could not be split into records: the line where the trouble starts and what it is.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the document.
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
