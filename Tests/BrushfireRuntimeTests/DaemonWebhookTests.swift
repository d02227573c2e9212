import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// The daemon's webhook path: events from Kafka, alerts through the durable outbox to a real HTTP receiver on
/// 127.0.0.1 that checks every signature with the reference `standardwebhooks` package.
@Suite struct DaemonWebhookTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test("The seed attack consumed from Kafka reaches the webhook: every alert once, verified")
    func seedAlertsReachTheWebhook() async throws {
        let receiver = try await WebhookReceiver(secrets: [Self.secret])
        defer { receiver.stop() }
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brushfire-daemon-webhook-\(UUID().uuidString).sqlite"
        ).path
        let endpoint = try WebhookEndpoint.fromCommandLine(url: receiver.url(), secret: Self.secret)!
        let webhooks = try WebhookSink(outboxPath: outbox, endpoints: [endpoint])

        let kafka = try KafkaHarness()
        let topic = try kafka.makeTopic("events", partitions: 2)
        try await kafka.produce(DaemonSeed.messages(topic: topic))
        let daemon = try RunningDaemon.start(
            kafka, topics: [topic], group: KafkaHarness.uniqueName("g"), sinks: [webhooks],
            services: [webhooks.dispatcher])
        let total = DaemonSeed.events.count
        #expect(await daemon.wait(until: { $0.consumed >= total }))
        try await daemon.stop()

        // Whatever the dispatcher had not sent at shutdown is still in the outbox: deliver it now.
        let restarted = try WebhookSink(outboxPath: outbox, endpoints: [endpoint])
        let drained = try await restarted.drain(timeout: .seconds(60))
        #expect(drained.outstanding == 0 && drained.failed == 0)

        let accepted = try receiver.requests().filter(\.accepted)
        #expect(accepted.allSatisfy { $0.verified })
        var seen = Set<String>()
        let firstBodies = accepted.filter { seen.insert($0.webhookID ?? "").inserted }.map(\.body)
        #expect(firstBodies.sorted() == DaemonSeed.replayAlerts.sorted())
        #expect(firstBodies.count == DaemonSeed.replayAlerts.count)
    }
}
