import BrushfireCore
import Foundation

/// A rules file as the daemon runs it: the rules, their version (``Rules/version(ofFile:)``) and where they came
/// from. The built-in defaults have neither version nor path.
public struct LoadedRules: Sendable, Equatable {
    public var rules: Rules
    public var version: String?
    public var path: String?

    public init(rules: Rules, version: String?, path: String?) {
        self.rules = rules
        self.version = version
        self.path = path
    }

    public static let defaults = LoadedRules(rules: .defaults, version: nil, path: nil)

    /// The version as `/v1/status` and the metrics name it: `defaults` for the built-in rules.
    public var versionName: String { version ?? "defaults" }

    /// Reads and checks a rules file; the built-in defaults when `path` is `nil`. A file that `brushfire rules
    /// check` would refuse is refused with every one of its errors, each as `FILE:line N: …`.
    public static func load(_ path: String?) throws(RulesFileError) -> LoadedRules {
        guard let path else { return .defaults }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RulesFileError(path: path, errors: ["\(path): cannot read: \(error.localizedDescription)"])
        }
        let errors = Rules.check(yaml: text)
        guard errors.isEmpty else { throw RulesFileError(path: path, errors: errors.map { "\(path):\($0)" }) }
        do {
            return LoadedRules(rules: try Rules.parse(yaml: text), version: Rules.version(ofFile: text), path: path)
        } catch {
            throw RulesFileError(path: path, errors: ["\(path):\(error)"])
        }
    }
}

/// A rules file that cannot be run, with every problem found in it.
public struct RulesFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var errors: [String]

    public var description: String { errors.joined(separator: "\n") }
}
