import ArgumentParser
import BrushfireCore
import BrushfireRuntime

/// Where the secret fingerprint key comes from: `--key-file`, or the environment
/// (`BRUSHFIRE_FINGERPRINT_KEY`, `BRUSHFIRE_FINGERPRINT_KEY_FILE`, `BRUSHFIRE_FINGERPRINT_KEY_VERSION`).
struct FingerprintKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key-file"),
        help:
            "File holding the secret fingerprint key (or set BRUSHFIRE_FINGERPRINT_KEY / BRUSHFIRE_FINGERPRINT_KEY_FILE)."
    )
    var keyFile: String?

    @Option(
        name: .customLong("key-version"),
        help: "Version number of the key, carried in fingerprint ids (default 1, or BRUSHFIRE_FINGERPRINT_KEY_VERSION)."
    )
    var keyVersion: Int?

    /// The fingerprinter for the configured key; without one, the public development key and a loud warning on
    /// stderr.
    func fingerprinter() throws -> Fingerprinter {
        let loaded: FingerprintKeySource.Loaded
        do {
            loaded = try FingerprintKeySource(keyFile: keyFile, keyVersion: keyVersion).load()
        } catch {
            throw ValidationError("\(error)")
        }
        if let warning = loaded.warning { Stderr.line(warning) }
        return loaded.fingerprinter
    }
}
