import BrushfireCore

/// Which rules the daemon runs: the live version, one staged for the next pane boundary, the shadow version.
/// Versions are ``Rules/version(ofFile:)``; `defaults` names the built-in rules.
public struct RulesStatus: Sendable, Equatable {
    public var version = "defaults"
    public var staged: String?
    public var shadowVersion: String?
    public var shadowStaged: String?

    public init() {}

    init(_ pipeline: Pipeline) {
        version = pipeline.engine.rulesVersion ?? "defaults"
        staged = pipeline.engine.stagedRulesVersion.map { $0 ?? "defaults" }
        if let shadow = pipeline.shadow {
            shadowVersion = shadow.rulesVersion ?? "defaults"
            shadowStaged = shadow.stagedRulesVersion.map { $0 ?? "defaults" }
        }
    }
}
