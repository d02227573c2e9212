import Foundation

/// A real webhook receiver on 127.0.0.1: `Scripts/webhook_receiver.py` run as a child process.
///
/// It verifies every request with the reference Python `standardwebhooks` package and records it; tests read
/// the records with `requests()` and steer the answers per path with `answer(path:…)`. `stop()` and `start()`
/// take the endpoint down and bring it back on the same port.
public final class WebhookReceiver {
    public let secrets: [String]
    public let directory: URL
    public private(set) var port: Int = 0
    private var process: Process?

    public var logPath: String { directory.appendingPathComponent("received.jsonl").path }
    public var controlPath: String { directory.appendingPathComponent("control.json").path }
    /// The receiver process's standard error, for diagnosing a failed test.
    public var stderrPath: String { directory.appendingPathComponent("stderr.log").path }
    /// Seconds by which the reference library's clock is shifted when it checks `webhook-timestamp`.
    public var clockOffsetPath: String { directory.appendingPathComponent("clock-offset").path }

    /// Starts a receiver that accepts any of `secrets`, keeping its files in a new temporary directory.
    public init(secrets: [String]) async throws {
        self.secrets = secrets
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await start()
    }

    deinit {
        stop()
    }

    /// The URL of `path` on this receiver.
    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts the receiver process: on a free port the first time, on the same port afterwards.
    public func start() async throws {
        precondition(process == nil, "the receiver is already running")
        let portFile = directory.appendingPathComponent("port").path
        try? FileManager.default.removeItem(atPath: portFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.scriptPath, "--log", logPath, "--control", controlPath]
        arguments += ["--port", String(port), "--port-file", portFile, "--clock-offset-file", clockOffsetPath]
        for secret in secrets { arguments += ["--secret", secret] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) {
                port = value
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ReceiverError(message: "webhook_receiver.py did not start (is standardwebhooks installed?)")
    }

    /// Kills the receiver process; connections to its port are refused until `start()`.
    public func stop() {
        guard let process else { return }
        // SIGKILL: a child spawned from a thread that blocks SIGTERM inherits the block.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// How `path` answers from now on: `script` statuses first, one per request, then `status`.
    /// With `outageSeconds`, `outageStatus` is answered to every request from the path's first one for that long.
    public func answer(
        path: String = "/hook", status: Int = 200, script: [Int] = [], delayMilliseconds: Int = 0,
        retryAfter: String? = nil, outageSeconds: Double? = nil, outageStatus: Int = 503
    ) throws {
        var control: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: controlPath),
            let existing = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            control = existing
        }
        var rules: [String: Any] = ["status": status, "script": script, "delay_ms": delayMilliseconds]
        if let retryAfter { rules["retry_after"] = retryAfter }
        if let outageSeconds {
            rules["outage_seconds"] = outageSeconds
            rules["outage_status"] = outageStatus
        }
        control[path] = rules
        let data = try JSONSerialization.data(withJSONObject: control, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: controlPath), options: .atomic)
    }

    /// Checks `webhook-timestamp` as if the time were `seconds` ahead of the wall clock (a sender on a
    /// simulated clock); the signature is verified as always.
    public func shiftClock(bySeconds seconds: Double) throws {
        try String(seconds).write(toFile: clockOffsetPath, atomically: true, encoding: .utf8)
    }

    /// Every request received so far, in arrival order.
    public func requests() throws -> [WebhookReceivedRequest] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            try decoder.decode(WebhookReceivedRequest.self, from: Data(line))
        }
    }

    /// Waits until `condition` holds for the received requests, or `timeout` passes; returns the requests.
    @discardableResult
    public func waitFor(
        timeout: Duration = .seconds(30), _ condition: ([WebhookReceivedRequest]) -> Bool
    ) async throws -> [WebhookReceivedRequest] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = try requests()
            if condition(received) || ContinuousClock.now >= deadline { return received }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/webhook_receiver.py").path
    }

    struct ReceiverError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
