/// Every threshold the detectors use. Built-in defaults; a YAML rules file overrides any of them.
public struct Rules: Sendable, Equatable {
    /// Allowed lateness in milliseconds: the watermark trails the highest event time by this much.
    public var latenessMillis: Int64 = 120_000

    public init() {}

    public static let defaults = Rules()
}
