import BrushfireCore
import Logging
import Metrics
import Synchronization

/// Re-reads the daemon's rules files on request (SIGHUP, `POST /v1/rules/reload`): a file that fails `brushfire
/// rules check` is refused with its errors and the running rules stay; valid ones are handed to the ingest loop,
/// whose engines put them in effect at their next pane boundary. Either both files (live and shadow) are taken or
/// neither.
///
/// Counts `brushfire_rules_reloads_total{result="staged"|"refused"}`.
public final class RulesReloader: Sendable {
    /// What a reload request came to.
    public enum Outcome: Sendable, Equatable {
        /// Handed to the ingest loop; the versions of the live and shadow rules it will run.
        case staged(version: String?, shadowVersion: String?)
        /// Nothing changes; why.
        case refused([String])
    }

    /// Rules waiting for the ingest loop.
    struct Request: Sendable {
        var live: LoadedRules?
        var shadow: LoadedRules?
    }

    public let rulesFile: String?
    public let shadowRulesFile: String?
    /// The running rules, whose pane width a reload must keep.
    private let running: Rules
    private let pending = Mutex<Request?>(nil)
    private let logger: Logger
    private let staged: Counter
    private let refused: Counter

    public init(
        rulesFile: String?, shadowRulesFile: String?, running: Rules, logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.rulesFile = rulesFile
        self.shadowRulesFile = shadowRulesFile
        self.running = running
        self.logger = logger
        staged = Counter(
            label: "brushfire_rules_reloads_total", dimensions: [("result", "staged")], factory: metricsFactory)
        refused = Counter(
            label: "brushfire_rules_reloads_total", dimensions: [("result", "refused")], factory: metricsFactory)
    }

    /// Re-reads the rules files; `trigger` names the request in the log (`SIGHUP`, `POST /v1/rules/reload`).
    @discardableResult
    public func reload(trigger: String) -> Outcome {
        let outcome = read()
        switch outcome {
        case .staged(let version, let shadowVersion):
            staged.increment()
            var metadata: Logger.Metadata = ["trigger": "\(trigger)", "rules_version": "\(version ?? "defaults")"]
            if shadowRulesFile != nil { metadata["shadow_rules_version"] = "\(shadowVersion ?? "defaults")" }
            logger.notice("Rules reload accepted: they take effect at the next pane boundary", metadata: metadata)
        case .refused(let errors):
            refused.increment()
            logger.error(
                "Rules reload refused: the running rules stay",
                metadata: ["trigger": "\(trigger)", "errors": "\(errors.joined(separator: "; "))"])
        }
        return outcome
    }

    private func read() -> Outcome {
        guard rulesFile != nil || shadowRulesFile != nil else {
            return .refused(["no rules file to reload: the daemon runs the built-in defaults (set rules: FILE)"])
        }
        var request = Request()
        var errors: [String] = []
        for (path, isShadow) in [(rulesFile, false), (shadowRulesFile, true)] {
            guard let path else { continue }
            do {
                let loaded = try LoadedRules.load(path)
                errors += Engine.reloadProblems(from: running, to: loaded.rules).map { "\(path): \($0)" }
                if isShadow { request.shadow = loaded } else { request.live = loaded }
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { return .refused(errors) }
        pending.withLock { $0 = request }
        return .staged(version: request.live?.version, shadowVersion: request.shadow?.version)
    }

    /// The rules staged since the last call, for the ingest loop.
    func take() -> Request? {
        pending.withLock { request in
            defer { request = nil }
            return request
        }
    }
}
