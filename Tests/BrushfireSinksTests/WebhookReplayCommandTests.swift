import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// `brushfire replay LOG --webhook URL --webhook-secret whsec_…` end to end: the real binary, a real HTTP
/// receiver on 127.0.0.1 that checks every signature with the reference `standardwebhooks` package.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: WebhookFixtures.brushfirePath)))
struct WebhookReplayCommandTests {
    /// A new directory holding the seed scenario's event log.
    static func scenario() async throws -> (directory: URL, log: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-replay-webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("seed.jsonl").path
        let simulate = try await WebhookFixtures.runBrushfire([
            "simulate", "--scenario", "reverse-brushing", "--seed", "3", "--shops", "50", "--orders-per-day", "3000",
            "--out", log,
        ])
        #expect(simulate.status == 0)
        return (directory, log)
    }

    /// Each alert line once, in order, every request verified by the reference library.
    static func expectEveryAlert(_ receiver: WebhookReceiver, lines: [String]) throws {
        let received = try receiver.requests()
        #expect(received.allSatisfy { $0.verified })
        let accepted = received.filter(\.accepted)
        #expect(accepted.map(\.body) == lines)
        #expect(Set(accepted.compactMap(\.webhookID)).count == lines.count)
    }

    @Test("Replaying the seed scenario with --webhook delivers every alert, verified, in order, body = alert line")
    func replayDeliversEveryAlert() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let (directory, log) = try await Self.scenario()
        let alerts = directory.appendingPathComponent("alerts.jsonl").path

        let replay = try await WebhookFixtures.runBrushfire([
            "replay", log, "--alerts", alerts, "--quiet", "--webhook", receiver.url(), "--webhook-secret",
            WebhookFixtures.secret, "--webhook-outbox", directory.appendingPathComponent("outbox.sqlite").path,
            "--webhook-wait", "120s",
        ])
        #expect(replay.status == 0)

        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map(String.init)
        let raisedReverseBrushing = lines.contains { $0.contains(#""rule":"reverse_brushing""#) }
        #expect(raisedReverseBrushing)
        try Self.expectEveryAlert(receiver, lines: lines)
    }

    /// The outage's length: `BRUSHFIRE_WEBHOOK_OUTAGE_SECONDS` (`Scripts/webhook-outage.sh` sets 60), else a
    /// short one that keeps the suite fast.
    static let outageSeconds =
        Double(ProcessInfo.processInfo.environment["BRUSHFIRE_WEBHOOK_OUTAGE_SECONDS"] ?? "") ?? 8

    @Test("A receiver answering 503 with Retry-After: 1 through an outage gets every alert and replay exits 0")
    func replayOutlastsAnOutage() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let (directory, log) = try await Self.scenario()
        let alerts = directory.appendingPathComponent("alerts.jsonl").path
        try receiver.answer(retryAfter: "1", outageSeconds: Self.outageSeconds)

        let replay = try await WebhookFixtures.runBrushfireCapturingErrors([
            "replay", log, "--alerts", alerts, "--webhook", receiver.url(), "--webhook-secret",
            WebhookFixtures.secret, "--webhook-wait", "\(Int(Self.outageSeconds) + 120)s",
        ])
        #expect(replay.status == 0, "\(replay.errors)")

        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        try Self.expectEveryAlert(receiver, lines: lines)
        let received = try receiver.requests()
        let refused = received.filter { $0.status == 503 }
        // The outage was real: the first alert was refused about once a second for the whole outage, and
        // nothing was accepted before it ended.
        #expect(refused.count >= Int(Self.outageSeconds) - 2)
        #expect(Set(refused.compactMap(\.webhookID)).count == 1)
        let first = try #require(received.first?.receivedAt)
        let firstAccepted = try #require(received.first { $0.accepted }?.receivedAt)
        #expect(firstAccepted - first >= Self.outageSeconds)
        #expect(replay.errors.contains("webhooks: \(lines.count) delivered, 0 still pending, 0 failed"))
        #expect(!replay.errors.contains("CancellationError"))
    }

    @Test(
        "The same replay twice, to two receivers: both get every alert",
        arguments: [false, true])
    func replayTwiceToTwoReceivers(sharingAnOutbox: Bool) async throws {
        let first = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { first.stop() }
        let second = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { second.stop() }
        let (directory, log) = try await Self.scenario()
        let alerts = directory.appendingPathComponent("alerts.jsonl").path
        let shared = directory.appendingPathComponent("shared-outbox.sqlite").path
        for receiver in [first, second] {
            var arguments = [
                "replay", log, "--alerts", alerts, "--quiet", "--webhook", receiver.url(), "--webhook-secret",
                WebhookFixtures.secret, "--webhook-wait", "120s",
            ]
            if sharingAnOutbox { arguments += ["--webhook-outbox", shared] }
            let replay = try await WebhookFixtures.runBrushfireCapturingErrors(arguments)
            #expect(replay.status == 0, "\(replay.errors)")
        }
        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map(String.init)
        try Self.expectEveryAlert(first, lines: lines)
        try Self.expectEveryAlert(second, lines: lines)
        // Without --webhook-outbox nothing is left in the working directory.
        #expect(!FileManager.default.fileExists(atPath: "brushfire-webhooks.sqlite") || sharingAnOutbox)
    }

    @Test("What replay could not deliver is named in its summary, kept in its outbox, and the exit status is 3")
    func replayThatCannotDeliverSaysSo() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        let url = receiver.url()
        receiver.stop()
        let (directory, log) = try await Self.scenario()
        let alerts = directory.appendingPathComponent("alerts.jsonl").path

        let replay = try await WebhookFixtures.runBrushfireCapturingErrors([
            "replay", log, "--alerts", alerts, "--quiet", "--webhook", url, "--webhook-secret", WebhookFixtures.secret,
            "--webhook-wait", "2s",
        ])
        #expect(replay.status == 3)
        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n")
        #expect(replay.errors.contains("webhooks: 0 delivered, \(lines.count) still pending, 0 failed"))
        #expect(replay.errors.contains("default \(url): \(lines.count) still pending"))
        let kept = try #require(
            replay.errors.split(separator: "\n").first { $0.contains("(outbox: ") }.flatMap { line in
                line.split(separator: "(outbox: ").last.map { String($0.dropLast()) }
            })
        let outbox = try WebhookOutbox(path: kept)
        #expect(try await outbox.deliveries().count == lines.count)
        try? FileManager.default.removeItem(atPath: (kept as NSString).deletingLastPathComponent)
    }
}
