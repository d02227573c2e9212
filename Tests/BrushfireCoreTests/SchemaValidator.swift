import Foundation

/// Runs `Scripts/validate_json.py`, the reference judge of the JSON Schemas, on JSON Lines.
///
/// Tests compare its verdicts with the decoder's, so the schema in `Schemas/` and `EventDecoder` cannot drift
/// apart unnoticed. Python is found on `PATH` as `python3`, or taken from `BRUSHFIRE_PYTHON`.
struct SchemaValidator {
    /// One line's verdict as the script reports it.
    struct Verdict: Decodable, Sendable {
        var line: Int
        var verdict: String
        var reason: String?

        var isValid: Bool { verdict == "valid" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let eventSchema = SchemaValidator(schema: "Schemas/event.schema.json")
    static let alertSchema = SchemaValidator(schema: "Schemas/alert.schema.json")

    /// Why the validator cannot run here, or `nil` when it can.
    static let unavailableReason: String? = {
        let probe = run(["-c", "import jsonschema, rfc3339_validator"])
        switch probe {
        case .success(let result) where result.status == 0:
            return nil
        case .success(let result):
            return "python3 lacks jsonschema or rfc3339-validator (python3 -m pip install jsonschema==4.26.0 "
                + "rfc3339-validator==0.1.4): \(result.standardError)"
        case .failure(let error):
            return "python3 cannot be started: \(error)"
        }
    }()

    static var isAvailable: Bool { unavailableReason == nil }

    /// Path of the schema, relative to the repository root.
    var schema: String

    /// Judges every line of `file`; the result has one verdict per line, in order.
    func verdicts(forJSONLinesAt file: URL) throws -> [Verdict] {
        let script = Self.repositoryRoot.appendingPathComponent("Scripts/validate_json.py").path
        let schemaPath = Self.repositoryRoot.appendingPathComponent(schema).path
        let result = try Self.run([script, schemaPath, "--jsonl", file.path]).get()
        // 0: all lines valid, 1: some line invalid; anything else means the script could not judge.
        guard result.status == 0 || result.status == 1 else {
            throw Failure(description: "validate_json.py exited with \(result.status): \(result.standardError)")
        }
        let decoder = JSONDecoder()
        return try result.standardOutput.split(separator: UInt8(ascii: "\n")).map {
            try decoder.decode(Verdict.self, from: Data($0))
        }
    }

    /// Judges lines given as bytes, through a temporary file.
    func verdicts(forLines lines: [[UInt8]]) throws -> [Verdict] {
        let file = try Self.temporaryFile(joining: lines)
        defer { try? FileManager.default.removeItem(at: file) }
        return try verdicts(forJSONLinesAt: file)
    }

    /// Splits JSON Lines exactly as the script does: on LF, without a last empty line after a final LF.
    static func lines(of data: [UInt8]) -> [[UInt8]] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Array($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func temporaryFile(joining lines: [[UInt8]]) throws -> URL {
        var data = [UInt8]()
        data.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            data.append(contentsOf: line)
            data.append(UInt8(ascii: "\n"))
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("brushfire-schema-\(UUID().uuidString).jsonl")
        try Data(data).write(to: file)
        return file
    }

    private struct RunResult {
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: String
    }

    /// Runs python with `arguments`, collecting its output through files so that large output cannot block it.
    private static func run(_ arguments: [String]) -> Result<RunResult, any Error> {
        Result {
            let manager = FileManager.default
            let outURL = manager.temporaryDirectory.appendingPathComponent("brushfire-py-\(UUID().uuidString).out")
            let errURL = manager.temporaryDirectory.appendingPathComponent("brushfire-py-\(UUID().uuidString).err")
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
            return RunResult(
                status: process.terminationStatus,
                standardOutput: [UInt8](try Data(contentsOf: outURL)),
                standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
            )
        }
    }
}
