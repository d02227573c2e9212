import BrushfireCore
import Foundation
import Logging

/// Loads the secret fingerprint key from a file or the environment and builds the `Fingerprinter`.
///
/// Precedence: an explicit key file (the `--key-file` flag), then `BRUSHFIRE_FINGERPRINT_KEY_FILE`, then
/// `BRUSHFIRE_FINGERPRINT_KEY`. Keys are hex or base64 text (`hex:` / `base64:` prefixes force one); a key file
/// may also hold raw binary bytes. The version comes from the caller, else `BRUSHFIRE_FINGERPRINT_KEY_VERSION`,
/// else 1. With no key at all, the public development key is used, with a loud warning, unless disallowed.
public struct FingerprintKeySource: Sendable {
    /// Where the key in use came from.
    public enum Origin: Sendable, Equatable {
        case file(String)
        case environment(String)
        /// `Fingerprinter.development`: public, protects nothing.
        case development
    }

    /// The fingerprinter built, where its key came from, and a warning to show when it is the development key.
    public struct Loaded: Sendable {
        public var fingerprinter: Fingerprinter
        public var origin: Origin
        public var warning: String?
    }

    public static let keyVariable = "BRUSHFIRE_FINGERPRINT_KEY"
    public static let keyFileVariable = "BRUSHFIRE_FINGERPRINT_KEY_FILE"
    public static let versionVariable = "BRUSHFIRE_FINGERPRINT_KEY_VERSION"
    /// Keys shorter than this are refused: 128 bits.
    public static let minimumKeyLength = Fingerprinter.minimumKeyLength

    public static let developmentWarning =
        "WARNING: no fingerprint key given (--key-file, BRUSHFIRE_FINGERPRINT_KEY, BRUSHFIRE_FINGERPRINT_KEY_FILE): "
        + "using the public development key. Its fingerprints of phones and addresses can be reversed by hashing "
        + "every possible phone number. Never use it in production."

    public var keyFile: String?
    public var keyVersion: Int?
    public var environment: [String: String]
    public var allowDevelopmentKey: Bool

    public init(
        keyFile: String? = nil, keyVersion: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, allowDevelopmentKey: Bool = true
    ) {
        self.keyFile = keyFile
        self.keyVersion = keyVersion
        self.environment = environment
        self.allowDevelopmentKey = allowDevelopmentKey
    }

    /// Reads and checks the key; logs the development-key warning on `logger` as well as returning it.
    public func load(logger: Logger? = nil) throws(FingerprintKeyError) -> Loaded {
        let key: [UInt8]
        let origin: Origin
        if let path = keyFile ?? nonEmpty(Self.keyFileVariable) {
            if keyFile == nil && nonEmpty(Self.keyVariable) != nil {
                throw FingerprintKeyError(source: Self.keyFileVariable, reason: .ambiguous)
            }
            key = try Self.readKeyFile(path)
            origin = .file(path)
        } else if let text = nonEmpty(Self.keyVariable) {
            guard let decoded = Self.decode(text) else {
                throw FingerprintKeyError(source: Self.keyVariable, reason: .undecodable)
            }
            key = decoded
            origin = .environment(Self.keyVariable)
        } else {
            guard allowDevelopmentKey else { throw FingerprintKeyError(source: "fingerprint key", reason: .missing) }
            logger?.warning("\(Self.developmentWarning)")
            return Loaded(fingerprinter: .development, origin: .development, warning: Self.developmentWarning)
        }
        let source: String
        switch origin {
        case .file(let path): source = path
        case .environment(let variable): source = variable
        case .development: source = ""
        }
        guard key.count >= Self.minimumKeyLength else {
            throw FingerprintKeyError(source: source, reason: .tooShort(bytes: key.count))
        }
        return Loaded(fingerprinter: Fingerprinter(key: key, keyVersion: try version()), origin: origin, warning: nil)
    }

    /// The variable's value through swift-configuration, the key itself read as a secret.
    private func nonEmpty(_ variable: String) -> String? {
        SettingsLayers.environmentVariable(variable, secret: variable == Self.keyVariable, in: environment)
    }

    private func version() throws(FingerprintKeyError) -> Int {
        if let keyVersion {
            guard keyVersion > 0 else {
                throw FingerprintKeyError(source: "--key-version", reason: .invalidVersion(String(keyVersion)))
            }
            return keyVersion
        }
        guard let text = nonEmpty(Self.versionVariable) else { return 1 }
        guard let version = Int(text.trimmingCharacters(in: .whitespaces)), version > 0 else {
            throw FingerprintKeyError(source: Self.versionVariable, reason: .invalidVersion(text))
        }
        return version
    }

    /// A key file holds hex or base64 text (surrounding whitespace ignored), or raw bytes that are not text.
    static func readKeyFile(_ path: String) throws(FingerprintKeyError) -> [UInt8] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FingerprintKeyError(source: path, reason: .unreadable(Self.explain(error, path: path)))
        }
        if let text = String(data: data, encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let decoded = decode(trimmed) else {
                throw FingerprintKeyError(source: path, reason: trimmed.isEmpty ? .tooShort(bytes: 0) : .undecodable)
            }
            return decoded
        }
        return [UInt8](data)
    }

    private static func explain(_ error: any Error, path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return "\(error)"
    }

    /// Decodes hex (even length, only hex digits) or base64 (standard or URL-safe, padding optional); `hex:` and
    /// `base64:` prefixes force the encoding.
    static func decode(_ text: String) -> [UInt8]? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("hex:") { return hex(String(text.dropFirst(4))) }
        if text.hasPrefix("base64:") { return base64(String(text.dropFirst(7))) }
        return hex(text) ?? base64(text)
    }

    private static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func base64(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        guard !text.isEmpty, let data = Data(base64Encoded: standard) else { return nil }
        return [UInt8](data)
    }
}
