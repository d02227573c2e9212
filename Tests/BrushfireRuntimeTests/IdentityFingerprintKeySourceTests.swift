import BrushfireCore
import BrushfireRuntime
import Foundation
import Testing

/// Loading the fingerprint key: from real files and environment maps, with clear errors and a loud fallback.
struct IdentityFingerprintKeySourceTests {
    static let hexKey = String(repeating: "0123456789abcdef", count: 4)  // 32 bytes
    static let keyBytes: [UInt8] = Array(repeating: [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF], count: 4)
        .flatMap { $0 }

    /// A fresh file in the temporary directory holding `contents`; removed by the caller.
    static func file(_ contents: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("brushfire-key-\(UUID().uuidString)")
        try Data(contents).write(to: url)
        return url.path
    }

    static func phoneFingerprint(_ fingerprinter: Fingerprinter) -> Fingerprint {
        fingerprinter.fingerprint("13812345678", domain: .phone)
    }

    @Test func readsAHexKeyFromTheEnvironment() throws {
        let loaded = try FingerprintKeySource(environment: ["BRUSHFIRE_FINGERPRINT_KEY": Self.hexKey]).load()
        #expect(loaded.origin == .environment("BRUSHFIRE_FINGERPRINT_KEY"))
        #expect(loaded.warning == nil)
        #expect(loaded.fingerprinter.keyVersion == 1)
        #expect(
            Self.phoneFingerprint(loaded.fingerprinter)
                == Self.phoneFingerprint(Fingerprinter(key: Self.keyBytes, keyVersion: 1)))
    }

    @Test func hexAndBase64SpellingsOfOneKeyAgree() throws {
        let base64 = Data(Self.keyBytes).base64EncodedString()
        let urlSafe = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expected = Self.phoneFingerprint(Fingerprinter(key: Self.keyBytes, keyVersion: 1))
        for text in [Self.hexKey, Self.hexKey.uppercased(), "hex:" + Self.hexKey, base64, "base64:" + base64, urlSafe] {
            let loaded = try FingerprintKeySource(environment: ["BRUSHFIRE_FINGERPRINT_KEY": text]).load()
            #expect(Self.phoneFingerprint(loaded.fingerprinter) == expected, "\(text)")
        }
    }

    @Test func readsKeyFilesAsTextOrRawBytes() throws {
        let textFile = try Self.file(Array((Self.hexKey + "\n").utf8))
        let rawFile = try Self.file([0xFF, 0xFE] + Array(repeating: 0x80, count: 30))
        defer {
            try? FileManager.default.removeItem(atPath: textFile)
            try? FileManager.default.removeItem(atPath: rawFile)
        }
        let fromText = try FingerprintKeySource(keyFile: textFile, keyVersion: 4, environment: [:]).load()
        #expect(fromText.origin == .file(textFile))
        #expect(fromText.fingerprinter.keyVersion == 4)
        #expect(
            Self.phoneFingerprint(fromText.fingerprinter)
                == Self.phoneFingerprint(Fingerprinter(key: Self.keyBytes, keyVersion: 4)))

        let fromRaw = try FingerprintKeySource(environment: ["BRUSHFIRE_FINGERPRINT_KEY_FILE": rawFile]).load()
        let rawKey: [UInt8] = [0xFF, 0xFE] + Array(repeating: 0x80, count: 30)
        #expect(
            Self.phoneFingerprint(fromRaw.fingerprinter)
                == Self.phoneFingerprint(Fingerprinter(key: rawKey, keyVersion: 1)))
    }

    @Test func theFlagWinsOverTheEnvironment() throws {
        let path = try Self.file(Array(Self.hexKey.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["BRUSHFIRE_FINGERPRINT_KEY": String(repeating: "ab", count: 32)]
        let loaded = try FingerprintKeySource(keyFile: path, environment: environment).load()
        #expect(loaded.origin == .file(path))
    }

    @Test func versionComesFromTheEnvironmentWhenNotGiven() throws {
        let environment = ["BRUSHFIRE_FINGERPRINT_KEY": Self.hexKey, "BRUSHFIRE_FINGERPRINT_KEY_VERSION": "7"]
        let loaded = try FingerprintKeySource(environment: environment).load()
        #expect(loaded.fingerprinter.keyVersion == 7)
        #expect(loaded.fingerprinter.identifier(Fingerprint(value: 1), domain: .phone) == "phone:k7:0000000000000001")
    }

    @Test func fallsBackToTheDevelopmentKeyLoudly() throws {
        let loaded = try FingerprintKeySource(environment: [:]).load()
        #expect(loaded.origin == .development)
        #expect(loaded.warning?.contains("development key") == true)
        #expect(Self.phoneFingerprint(loaded.fingerprinter) == Self.phoneFingerprint(.development))
        #expect(loaded.fingerprinter.keyVersion == 0)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var environment: [String: String]
        var allowDevelopmentKey = true
        var source: String
        var reason: FingerprintKeyError.Reason
        var testDescription: String { name }
    }

    @Test(arguments: [
        Failure(
            name: "short hex", environment: ["BRUSHFIRE_FINGERPRINT_KEY": "00112233"],
            source: "BRUSHFIRE_FINGERPRINT_KEY", reason: .tooShort(bytes: 4)),
        Failure(
            name: "not hex or base64", environment: ["BRUSHFIRE_FINGERPRINT_KEY": "not a key!"],
            source: "BRUSHFIRE_FINGERPRINT_KEY", reason: .undecodable),
        Failure(
            name: "bad version",
            environment: ["BRUSHFIRE_FINGERPRINT_KEY": hexKey, "BRUSHFIRE_FINGERPRINT_KEY_VERSION": "two"],
            source: "BRUSHFIRE_FINGERPRINT_KEY_VERSION", reason: .invalidVersion("two")),
        Failure(
            name: "zero version",
            environment: ["BRUSHFIRE_FINGERPRINT_KEY": hexKey, "BRUSHFIRE_FINGERPRINT_KEY_VERSION": "0"],
            source: "BRUSHFIRE_FINGERPRINT_KEY_VERSION", reason: .invalidVersion("0")),
        Failure(
            name: "both variables",
            environment: ["BRUSHFIRE_FINGERPRINT_KEY": hexKey, "BRUSHFIRE_FINGERPRINT_KEY_FILE": "/tmp/x"],
            source: "BRUSHFIRE_FINGERPRINT_KEY_FILE", reason: .ambiguous),
        Failure(
            name: "missing file", environment: ["BRUSHFIRE_FINGERPRINT_KEY_FILE": "/nonexistent/brushfire.key"],
            source: "/nonexistent/brushfire.key", reason: .unreadable("no such file")),
        Failure(
            name: "directory", environment: ["BRUSHFIRE_FINGERPRINT_KEY_FILE": "/tmp"], source: "/tmp",
            reason: .unreadable("it is a directory")),
        Failure(
            name: "no key, development disallowed", environment: [:], allowDevelopmentKey: false,
            source: "fingerprint key", reason: .missing),
    ])
    func refusesUnusableKeys(failure: Failure) {
        let source = FingerprintKeySource(
            environment: failure.environment, allowDevelopmentKey: failure.allowDevelopmentKey)
        #expect(throws: FingerprintKeyError(source: failure.source, reason: failure.reason)) { try source.load() }
    }

    @Test func shortAndEmptyKeyFilesAreRefusedWithTheirPath() throws {
        let short = try Self.file(Array("0011223344556677".utf8))  // 8 bytes once decoded
        let empty = try Self.file(Array(" \n".utf8))
        defer {
            try? FileManager.default.removeItem(atPath: short)
            try? FileManager.default.removeItem(atPath: empty)
        }
        let shortError = #expect(throws: FingerprintKeyError.self) {
            try FingerprintKeySource(keyFile: short, environment: [:]).load()
        }
        #expect(shortError == FingerprintKeyError(source: short, reason: .tooShort(bytes: 8)))
        #expect(shortError?.description.contains(short) == true)
        #expect(shortError?.description.contains("at least 16") == true)
        let emptyError = #expect(throws: FingerprintKeyError.self) {
            try FingerprintKeySource(keyFile: empty, environment: [:]).load()
        }
        #expect(emptyError?.reason == .tooShort(bytes: 0))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file, so the permission case cannot be staged"))
    func anUnreadableFileSaysSo() throws {
        let path = try Self.file(Array(Self.hexKey.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        #expect(throws: FingerprintKeyError(source: path, reason: .unreadable("permission denied"))) {
            try FingerprintKeySource(keyFile: path, environment: [:]).load()
        }
    }
}
