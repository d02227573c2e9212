import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// `brushfire replay LOG --webhook URL --webhook-secret whsec_…` end to end: the real binary, a real HTTP
/// receiver on 127.0.0.1 that checks every signature with the reference `standardwebhooks` package.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: WebhookFixtures.brushfirePath)))
struct WebhookReplayCommandTests {
    @Test("Replaying the seed scenario with --webhook delivers every alert, verified, in order, body = alert line")
    func replayDeliversEveryAlert() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-replay-webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("seed.jsonl").path
        let alerts = directory.appendingPathComponent("alerts.jsonl").path
        let simulate = try WebhookFixtures.runBrushfire([
            "simulate", "--scenario", "reverse-brushing", "--seed", "3", "--shops", "50", "--orders-per-day", "3000",
            "--out", log,
        ])
        #expect(simulate.status == 0)

        let replay = try WebhookFixtures.runBrushfire([
            "replay", log, "--alerts", alerts, "--quiet", "--webhook", receiver.url(), "--webhook-secret",
            WebhookFixtures.secret, "--webhook-outbox", directory.appendingPathComponent("outbox.sqlite").path,
            "--webhook-wait", "120s",
        ])
        #expect(replay.status == 0)

        let lines = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map(String.init)
        let raisedReverseBrushing = lines.contains { $0.contains(#""rule":"reverse_brushing""#) }
        #expect(raisedReverseBrushing)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(accepted.allSatisfy { $0.verified })
        // Each webhook-id once or more (a retry repeats it); first arrivals in the order the alerts were raised.
        var seen = Set<String>()
        let firstBodies = accepted.filter { seen.insert($0.webhookID ?? "").inserted }.map(\.body)
        #expect(firstBodies == lines)
        #expect(Set(accepted.compactMap(\.webhookID)).count == lines.count)
    }
}
