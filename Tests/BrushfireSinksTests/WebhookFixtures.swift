import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation

/// Shared fixtures for the webhook tests.
enum WebhookFixtures {
    /// The secret of the Standard Webhooks test vector.
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A distinct alert per `index`, as the engine would write one.
    static func alert(
        _ index: Int, rule: String = "reverse_brushing", severity: Severity = .high
    ) -> Alert {
        let start: Int64 = 1_763_856_000_000 + Int64(index) * 60_000
        return Alert(
            alertID: "alt_\(index)", rule: rule, severity: severity, status: .open,
            subject: AlertSubject(kind: .shop, id: "shop_\(index % 7)"), windowStart: start,
            windowEnd: start + 3_600_000, eventTime: start + 1_800_000,
            metrics: [AlertMetric("refunded_orders", index), AlertMetric("refund_ratio", 0.85)],
            evidenceOrderIDs: ["ord_\(index)_1", "ord_\(index)_2"], evidenceBuyerIDs: ["buyer_\(index)"],
            summary: "alert number \(index)")
    }

    static func alerts(_ range: Range<Int>) -> [Alert] { range.map { alert($0) } }

    /// A fresh outbox path in its own temporary directory.
    static func outboxPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("outbox.sqlite").path
    }

    /// Delivery options for tests: millisecond retries (about 4 s of them), short timeouts, quick polling; a
    /// delivery whose schedule runs out probes every 100 ms for a minute (`recoveryWindow: .zero` fails it at once).
    static func options(
        delays: [Duration] = Array(repeating: .milliseconds(100), count: 40), clientErrorAttempts: Int = 3,
        requestTimeout: Duration = .seconds(2), recoveryWindow: Duration = .seconds(60),
        probeInterval: Duration = .milliseconds(100)
    ) -> WebhookDeliveryOptions {
        WebhookDeliveryOptions(
            schedule: WebhookRetrySchedule(
                delays: delays, jitter: 0.2, clientErrorAttempts: clientErrorAttempts, recoveryWindow: recoveryWindow,
                probeInterval: probeInterval),
            connectTimeout: .seconds(1), requestTimeout: requestTimeout, pollInterval: .milliseconds(100))
    }

    static func endpoint(_ name: String, url: String, filter: WebhookFilter = .all) throws -> WebhookEndpoint {
        try WebhookEndpoint(name: name, url: url, secret: secret, filter: filter)
    }

    /// The package root, from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The built `brushfire` executable: beside the test bundle (any scratch path), else in `.build/debug`.
    static var brushfirePath: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("brushfire").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/brushfire").path
    }

    /// Starts `brushfire` with `arguments`, its output discarded.
    static func launchBrushfire(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: brushfirePath)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `brushfire` to completion and returns its exit status and standard output.
    static func runBrushfire(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let run = try await runBrushfireCapturingErrors(arguments)
        return (run.status, run.output)
    }

    /// Runs `brushfire` to completion and returns its exit status, standard output and standard error.
    ///
    /// The wait suspends rather than blocks, so a long replay does not hold one of the few threads that every
    /// other test shares.
    static func runBrushfireCapturingErrors(
        _ arguments: [String]
    ) async throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputPath = directory.appendingPathComponent("stdout").path
        let errorsPath = directory.appendingPathComponent("stderr").path
        for path in [outputPath, errorsPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: brushfirePath)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorsPath)
        let status = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return (status, output, errors)
    }

    /// Polls `condition` until it holds (`true`) or `timeout` passes (`false`).
    static func eventually(
        timeout: Duration = .seconds(60), _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// Each value once, in the order it first appears: what a receiver that drops duplicate ids keeps.
    static func firstOccurrences<T: Hashable>(_ values: [T]) -> [T] {
        var seen: Set<T> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// Checks every recorded request with Brushfire's own verifier, at the time it was received.
    static func verifyWithOurVerifier(_ requests: [WebhookReceivedRequest]) throws {
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(secret)])
        for request in requests {
            try verifier.verify(
                id: request.webhookID, timestamp: request.webhookTimestamp, signatureHeader: request.webhookSignature,
                body: Array(request.body.utf8), nowSeconds: Int64(request.receivedAt))
        }
    }
}
