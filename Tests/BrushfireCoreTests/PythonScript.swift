import Foundation

/// Runs one of the repository's Python scripts (`Scripts/…`) with `python3` on `PATH`, or `BRUSHFIRE_PYTHON`, and
/// collects its output through files, so that large output cannot block it.
enum PythonScript {
    struct Result: Sendable {
        var status: Int32
        var standardOutput: Data
        var standardError: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `Scripts/<script>` with `arguments`.
    static func run(_ script: String, _ arguments: [String]) throws -> Result {
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
        let path = repositoryRoot.appendingPathComponent("Scripts/\(script)").path
        if let python = ProcessInfo.processInfo.environment["BRUSHFIRE_PYTHON"] {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", path] + arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus, standardOutput: try Data(contentsOf: outURL),
            standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
