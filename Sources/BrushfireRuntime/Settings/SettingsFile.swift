import Configuration
import Yams

/// A YAML settings file as a layer. Yams composes the node tree, so every value keeps its line and column; the
/// schema is checked as the tree is read, so an unknown key is an error at its place that lists the keys expected
/// there, and a value of the wrong type is one when the setting is read.
struct SettingsFile: SettingsLayer {
    let path: String
    private var values: [SettingKey: FileValue] = [:]
    /// Where each section and list element starts (an endpoint without a url is an error there).
    private var sections: [SettingKey: String] = [:]
    private var listed: [SettingKey: [String]] = [:]

    var providerName: String { "file \(path)" }

    init(yaml text: String, path: String, schema: SettingsSchema) throws(ConfigurationError) {
        self.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: path)
        } catch {
            throw ConfigurationError("\(error)", at: path)
        }
        guard let root else { return }
        try read(root, as: schema, at: SettingKey([]))
    }

    /// Whether the file has a section (or value) at `key`.
    func contains(_ key: SettingKey) -> Bool { sections[key] != nil || values[key] != nil }

    func location(of key: SettingKey) -> String? { values[key]?.location ?? sections[key] }

    func names(under prefix: SettingKey) -> [String] { listed[prefix] ?? [] }

    func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        let setting = SettingKey(key)
        guard let value = values[setting] else { return LookupResult(encodedKey: setting.description, value: nil) }
        let content = try value.content(type, setting)
        return LookupResult(encodedKey: setting.description, value: ConfigValue(content, isSecret: false))
    }

    // MARK: Reading the tree

    private mutating func read(_ node: Node, as schema: SettingsSchema, at key: SettingKey) throws(ConfigurationError) {
        switch schema {
        case .value:
            values[key] = FileValue(node, file: path)
        case .alias(let target):
            values[target] = FileValue(node, file: path)
        case .map:
            for (name, _, value) in try mapping(node, key) {
                guard case .scalar = value else {
                    throw ConfigurationError("\(key.appending(name)) must be a single value", at: location(value))
                }
                listed[key, default: []].append(name)
                values[key.appending(name)] = FileValue(value, file: path)
            }
        case .list(let element, let what):
            guard case .sequence(let items) = node else {
                throw ConfigurationError("\(key) must be a list of \(what)", at: location(node))
            }
            sections[key] = location(node)
            for (index, item) in items.enumerated() {
                listed[key, default: []].append(String(index))
                let itemKey = key.appending(String(index))
                sections[itemKey] = location(item)
                try read(item, as: element, at: itemKey)
            }
        case .section(let entries, let required):
            sections[key] = location(node)
            var present: Set<String> = []
            for (name, nameNode, value) in try mapping(node, key) {
                guard let entry = entries.first(where: { $0.name == name }) else {
                    let unknown = key.components.isEmpty ? name : key.appending(name).description
                    throw ConfigurationError(
                        "unknown setting '\(unknown)' (expected one of: \(entries.map(\.name).joined(separator: ", ")))",
                        at: location(nameNode))
                }
                present.insert(name)
                listed[key, default: []].append(name)
                try read(value, as: entry.schema, at: key.appending(name))
            }
            if let missing = required.first(where: { !present.contains($0) }) {
                throw ConfigurationError(
                    "\(key.appending(missing)) is required in a \(key) section", at: location(node))
            }
        case .valueOrSection(let name, let section):
            if case .scalar = node {
                sections[key] = location(node)
                values[key.appending(name)] = FileValue(node, file: path)
            } else {
                try read(node, as: section, at: key)
            }
        }
    }

    /// A mapping's plain-named entries, in the file's order.
    private func mapping(_ node: Node, _ key: SettingKey) throws(ConfigurationError) -> [(String, Node, Node)] {
        let what = key.components.isEmpty ? "the configuration" : key.description
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError("\(what) must be a mapping of keys to values", at: location(node))
        }
        var entries: [(String, Node, Node)] = []
        for (name, value) in mapping {
            guard case .scalar(let scalar) = name else {
                throw ConfigurationError("keys in \(what) must be plain names", at: location(name))
            }
            entries.append((scalar.string, name, value))
        }
        return entries
    }

    private func location(_ node: Node) -> String { FileValue.location(node, file: path) }

    private static func describe(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationError("invalid YAML: \(problem)", at: "\(file):\(mark.line):\(mark.column)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams sorts the duplicated keys with `Node`'s `<`, which does not order keys of different kinds (a
            // list used as a key beside a plain name), so with such a key among them its order and the position it
            // reports change from one read to the next. Name the keys sorted here, and give the position only when
            // every duplicated key is a plain name.
            let complex = "<uncovertable>"  // Yams's name for a key that is not a scalar
            let names = duplicates.map { $0 == complex ? "a key that is not a plain name" : "'\($0)'" }.sorted()
            let location = duplicates.contains(complex) ? file : "\(file):\(context.mark.line):\(context.mark.column)"
            return ConfigurationError("duplicate keys \(names.joined(separator: ", "))", at: location)
        default:
            return ConfigurationError("invalid YAML: \(error)", at: file)
        }
    }
}

/// A value from the file, taken out of the (non-`Sendable`) Yams tree with its place, and converted to the type
/// the setting asks for.
private struct FileValue: Sendable {
    struct Scalar: Sendable {
        var text: String
        var isNull: Bool
        var int: Int?
        var bool: Bool?
    }

    var location: String
    /// `nil` for a list or a mapping.
    var scalar: Scalar?
    /// A list's elements; `nil` for a scalar or a mapping.
    var items: [FileValue]?

    init(_ node: Node, file: String) {
        location = Self.location(node, file: file)
        switch node {
        case .scalar(let scalar):
            self.scalar = Scalar(text: scalar.string, isNull: node.null != nil, int: node.int, bool: node.bool)
        case .sequence(let sequence):
            items = sequence.map { FileValue($0, file: file) }
        default:
            break
        }
    }

    static func location(_ node: Node, file: String) -> String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    /// The value as `type`; `null` reads as empty text, which settings that may be left out take as none.
    func content(_ type: ConfigType, _ key: SettingKey) throws(ConfigurationError) -> ConfigContent {
        switch type {
        case .string:
            if let scalar { return .string(scalar.isNull ? "" : scalar.text) }
        case .int:
            if let int = scalar?.int, scalar?.isNull == false { return .int(int) }
        case .bool:
            if let bool = scalar?.bool { return .bool(bool) }
        case .stringArray:
            if let scalar, !scalar.isNull { return .stringArray([scalar.text]) }
            if let items {
                var texts: [String] = []
                for item in items {
                    guard let scalar = item.scalar, !scalar.isNull else {
                        throw ConfigurationError.notConvertible(key, to: .string, at: item.location)
                    }
                    texts.append(scalar.text)
                }
                return .stringArray(texts)
            }
        default:
            break
        }
        throw ConfigurationError.notConvertible(key, to: type, at: location)
    }
}
