/// Why the fingerprint key could not be loaded, naming the file or variable at fault.
public struct FingerprintKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The key file cannot be read (missing, permissions, a directory).
        case unreadable(String)
        /// The key decodes to fewer than `Fingerprinter.minimumKeyLength` bytes.
        case tooShort(bytes: Int)
        /// The text is neither hex nor base64.
        case undecodable
        /// The key version is not a positive integer.
        case invalidVersion(String)
        /// Both `BRUSHFIRE_FINGERPRINT_KEY` and `BRUSHFIRE_FINGERPRINT_KEY_FILE` are set.
        case ambiguous
        /// No key was given and the development key is not allowed.
        case missing
    }

    /// The file path or environment variable the key (or version) came from.
    public var source: String
    public var reason: Reason

    public init(source: String, reason: Reason) {
        self.source = source
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unreadable(let why):
            return "\(source): cannot read the fingerprint key file: \(why)"
        case .tooShort(let bytes):
            return
                "\(source): the fingerprint key is \(bytes) bytes; at least \(FingerprintKeySource.minimumKeyLength) "
                + "are required (32 random bytes recommended: openssl rand -hex 32)"
        case .undecodable:
            return "\(source): the fingerprint key is neither hex nor base64"
        case .invalidVersion(let text):
            return "\(source): the fingerprint key version must be a positive integer, got '\(text)'"
        case .ambiguous:
            return "\(source): both BRUSHFIRE_FINGERPRINT_KEY and BRUSHFIRE_FINGERPRINT_KEY_FILE are set; set only one"
        case .missing:
            return "\(source): no fingerprint key given (--key-file, BRUSHFIRE_FINGERPRINT_KEY or "
                + "BRUSHFIRE_FINGERPRINT_KEY_FILE) and the development key is not allowed"
        }
    }
}
