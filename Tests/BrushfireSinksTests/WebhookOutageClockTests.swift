import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// Outages of hours on an injected clock: the dispatcher runs the standard retry schedule against the real
/// receiver on 127.0.0.1 (which verifies every request with the reference `standardwebhooks` package, its clock
/// shifted along with ours), while the test moves time from one deadline to the next.
@Suite(.serialized, .timeLimit(.minutes(3))) struct WebhookOutageClockTests {
    struct Outage: Sendable, CustomTestStringConvertible {
        var hours: Double
        /// Sent with every 503 of the outage.
        var retryAfter: String?
        var testDescription: String {
            "\(hours) h of 503\(retryAfter.map { " with Retry-After: \($0)" } ?? "")"
        }
    }

    static let outages = [
        Outage(hours: 1, retryAfter: nil), Outage(hours: 30, retryAfter: nil), Outage(hours: 1, retryAfter: "60"),
    ]

    @Test(arguments: outages)
    func anOutageOfHoursCostsNoAlert(_ outage: Outage) async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(status: 503, retryAfter: outage.retryAfter)
        let start = WebhookClock.system.now()
        let clock = WebhookTestClock(start: start)
        let outageEnd = start + Int64(outage.hours * 3_600_000)
        let options = WebhookDeliveryOptions(
            schedule: .standard, connectTimeout: .seconds(1), requestTimeout: .seconds(5), pollInterval: .seconds(3600))
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())], options: options,
            clock: clock.clock)
        let alerts = WebhookFixtures.alerts(0..<30)
        // Six batches of five alerts, spread over the outage.
        let outageMillis = Int64(outage.hours * 3_600_000)
        var writes: [(at: Int64, alerts: [Alert])] = (0..<6).map { batch in
            let first = batch * 5
            return (at: start + outageMillis * Int64(batch) / 6, alerts: Array(alerts[first..<first + 5]))
        }
        let dispatcher = Task { try await sink.dispatcher.run() }
        // The endpoint's worker and the pruner, asleep on the clock.
        let sleepers = 2
        var recovered = false
        var sawExhausted = false
        var steps = 0
        var begun = 0
        while steps < 2000 {
            steps += 1
            // Quiescent: both asleep, and whoever the last step woke has gone back to sleep.
            #expect(try await clock.waitForSleepers(sleepers, begun: begun))
            if recovered, try await sink.outbox.deliveries().allSatisfy({ $0.state == .delivered }) { break }
            if !recovered, let head = try await sink.outbox.deliveries().first, head.exhausted {
                sawExhausted = true
            }
            let before = clock.sleepsBegun
            if let write = writes.first, write.at <= clock.now {
                // A step of its own: it wakes the worker, which looks at its queue and goes back to sleep.
                writes.removeFirst()
                try await sink.write(write.alerts)
                begun = before + 1
                continue
            }
            let next = [writes.first?.at, recovered ? nil : outageEnd, clock.nextDeadline].compactMap { $0 }.min()!
            if !recovered && next >= outageEnd {
                try receiver.answer(status: 200)
                recovered = true
            }
            try receiver.shiftClock(bySeconds: Double(next - WebhookClock.system.now()) / 1000)
            begun = before + clock.advance(to: next)
        }
        #expect(recovered && writes.isEmpty)
        dispatcher.cancel()
        try await dispatcher.value

        let ids = alerts.map { WebhookOutbox.webhookID(endpoint: "soc", body: Array($0.jsonLine().utf8)) }
        let deliveries = try await sink.outbox.deliveries()
        #expect(deliveries.count == alerts.count)
        #expect(deliveries.allSatisfy { $0.state == .delivered })
        let received = try receiver.requests()
        #expect(received.allSatisfy { $0.verified })
        let accepted = received.filter(\.accepted)
        // Every alert once, in the order it was queued.
        #expect(accepted.compactMap(\.webhookID) == ids)
        let stamps = accepted.compactMap { $0.webhookTimestamp.flatMap { Int64($0) } }
        #expect(stamps.allSatisfy { $0 * 1000 >= outageEnd - 999 })
        // One message at a time: during the outage only the oldest alert was tried.
        let duringOutage = received.filter { !$0.accepted }
        #expect(Set(duringOutage.compactMap(\.webhookID)) == [ids[0]])
        let lastDelivered = try #require(deliveries.compactMap(\.finishedAt).max())
        let head = try #require(deliveries.first)
        switch (outage.hours, outage.retryAfter) {
        case (1, nil):
            // Tried at 0, 5 s, 5 min 5 s and 35 min 5 s; the next point, 2 h 35 min 5 s (+ up to 24 min of
            // jitter), finds the endpoint back.
            #expect(duringOutage.count == 4)
            #expect(!sawExhausted)
            #expect(lastDelivered <= start + (2 * 3600 + 35 * 60 + 5 + 24 * 60) * 1000)
            #expect(lastDelivered >= start + (2 * 3600 + 35 * 60 + 5) * 1000)
        case (30, nil):
            // All eight points of the schedule (about 27.6 h) pass in the outage; the oldest alert is then kept
            // as failed but probes the endpoint hourly, and is delivered first once it answers.
            #expect(duringOutage.count >= 8)
            #expect(lastDelivered <= outageEnd + 3_600_000)
            #expect(sawExhausted)
            #expect(head.attempts == duringOutage.count + 1)
        default:
            // Retry-After: 60 is obeyed: about one attempt a minute, 60 of them, and no alert gives up.
            #expect((58...61).contains(duringOutage.count))
            #expect(!sawExhausted)
            #expect(lastDelivered <= outageEnd + 60_000)
        }
    }
}
