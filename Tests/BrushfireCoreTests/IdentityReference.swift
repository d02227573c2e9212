import Foundation

/// Runs `Scripts/reference_identity.py`: Google's libphonenumber and cpca judging the same corpus as our
/// normalisers. Python is `python3` on `PATH`, or `BRUSHFIRE_PYTHON`.
struct IdentityReference {
    /// One corpus line as the script reads it.
    struct Entry: Encodable {
        var id: Int
        var type: String
        var text: String
    }

    /// The reference's verdict on one line; phone fields or address fields are set depending on the entry type.
    struct Verdict: Decodable {
        var id: Int
        var kind: String?
        var canonical: String?
        var province: String?
        var city: String?
        var district: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/reference_identity.py").path

    /// Why the reference cannot run here, or `nil` when it can.
    static let unavailableReason: String? = {
        do {
            let result = try run([script, "--check"])
            if result.status == 0 { return nil }
            return "reference packages missing (pip install phonenumbers cpca): "
                + String(decoding: result.output, as: UTF8.self)
        } catch {
            return "python3 cannot be started: \(error)"
        }
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    /// The reference's verdicts on `entries`, by id.
    static func verdicts(_ entries: [Entry]) throws -> [Int: Verdict] {
        let encoder = JSONEncoder()
        var corpus = Data()
        for entry in entries {
            corpus.append(try encoder.encode(entry))
            corpus.append(0x0A)
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("brushfire-identity-\(UUID().uuidString).jsonl")
        try corpus.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run([script, file.path])
        guard result.status == 0 else {
            throw Failure(description: "reference_identity.py exited with \(result.status): \(result.errors)")
        }
        let decoder = JSONDecoder()
        var verdicts: [Int: Verdict] = [:]
        for line in result.output.split(separator: 0x0A) {
            let verdict = try decoder.decode(Verdict.self, from: Data(line))
            verdicts[verdict.id] = verdict
        }
        guard verdicts.count == entries.count else {
            throw Failure(description: "reference judged \(verdicts.count) of \(entries.count) entries")
        }
        return verdicts
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: [UInt8], errors: String) {
        let manager = FileManager.default
        let outURL = manager.temporaryDirectory.appendingPathComponent("brushfire-ref-\(UUID().uuidString).out")
        let errURL = manager.temporaryDirectory.appendingPathComponent("brushfire-ref-\(UUID().uuidString).err")
        _ = manager.createFile(atPath: outURL.path, contents: nil)
        _ = manager.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? manager.removeItem(at: outURL)
            try? manager.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        if let python = ProcessInfo.processInfo.environment["BRUSHFIRE_PYTHON"] {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3"] + arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (
            process.terminationStatus, [UInt8](try Data(contentsOf: outURL)),
            String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
