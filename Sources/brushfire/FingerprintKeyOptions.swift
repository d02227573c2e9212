import ArgumentParser
import BrushfireCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the secret fingerprint key comes from: a file, or the environment.
struct FingerprintKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key-file"),
        help: "File holding the secret fingerprint key (or set BRUSHFIRE_FINGERPRINT_KEY / BRUSHFIRE_FINGERPRINT_KEY_FILE).")
    var keyFile: String?

    @Option(name: .customLong("key-version"), help: "Version number of the key, carried in fingerprint ids.")
    var keyVersion: Int = 1

    func fingerprinter() throws -> Fingerprinter {
        let env = { (name: String) -> String? in getenv(name).map { String(cString: $0) } }
        var material: [UInt8]?
        if let path = keyFile ?? env("BRUSHFIRE_FINGERPRINT_KEY_FILE") {
            let text = try readTextFile(path).trimmingWhitespace()
            material = Array(text.utf8)
        } else if let text = env("BRUSHFIRE_FINGERPRINT_KEY") {
            material = Array(text.utf8)
        }
        guard let material else {
            Stderr.line(
                "WARNING: no fingerprint key given (--key-file, BRUSHFIRE_FINGERPRINT_KEY): using the public development "
                    + "key. Fingerprints of phones and addresses are then reversible by brute force. Never use this in production.")
            return .development
        }
        guard material.count >= 16 else {
            throw ValidationError("the fingerprint key must be at least 16 bytes (got \(material.count))")
        }
        let version = env("BRUSHFIRE_FINGERPRINT_KEY_VERSION").flatMap { Int($0) } ?? keyVersion
        return Fingerprinter(key: material, keyVersion: version)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
