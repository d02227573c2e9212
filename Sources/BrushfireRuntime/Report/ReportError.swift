/// A report that could not be written, naming the file.
public struct ReportError: Error, CustomStringConvertible {
    public var path: String
    public var underlying: any Error

    public var description: String { "\(path): cannot write the report: \(underlying)" }
}
