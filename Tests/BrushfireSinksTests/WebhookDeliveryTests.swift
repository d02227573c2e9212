import BrushfireCore
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// Delivery over real HTTP to `Scripts/webhook_receiver.py` on 127.0.0.1, which checks every signature with
/// the reference `standardwebhooks` package; the tests check them again with `WebhookVerifier`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct WebhookDeliveryTests {
    @Test func anEndpointThatIsDownForAWhileGetsEverythingInOrder() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        let url = receiver.url()
        receiver.stop()
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(), endpoints: [try WebhookFixtures.endpoint("soc", url: url)],
            options: WebhookFixtures.options())
        let alerts = WebhookFixtures.alerts(0..<20)
        for start in stride(from: 0, to: 20, by: 5) {
            try await sink.write(Array(alerts[start..<start + 5]))
        }
        let drained = Task { try await sink.drain(timeout: .seconds(120)) }
        let refused = try await WebhookFixtures.eventually {
            (try await sink.outbox.deliveries(endpoint: "soc").first?.attempts ?? 0) >= 3
        }
        #expect(refused)
        #expect(try receiver.requests().isEmpty)
        try await receiver.start()
        let result = try await drained.value

        #expect(result.isComplete)
        #expect(result.delivered == 20)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(accepted.allSatisfy { $0.verified })
        #expect(WebhookFixtures.firstOccurrences(accepted.compactMap(\.webhookID)) == expectedIDs(alerts, "soc"))
        #expect(WebhookFixtures.firstOccurrences(accepted.map(\.body)) == alerts.map { $0.jsonLine() })
        try WebhookFixtures.verifyWithOurVerifier(accepted)
    }

    @Test func aDeliveryPastItsScheduleProbesTheEndpointAndIsDeliveredFirstWhenItAnswers() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        let url = receiver.url()
        receiver.stop()
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(), endpoints: [try WebhookFixtures.endpoint("soc", url: url)],
            options: WebhookFixtures.options(
                delays: [.milliseconds(100), .milliseconds(100)], probeInterval: .milliseconds(200)))
        let alerts = WebhookFixtures.alerts(0..<3)
        try await sink.write(alerts)
        let drained = Task { try await sink.drain(timeout: .seconds(120)) }
        let exhausted = try await WebhookFixtures.eventually {
            let queue = try await sink.outbox.deliveries()
            return queue[0].state == .failed && queue[0].exhausted && queue[0].attempts >= 4
        }
        #expect(exhausted)
        // One message at a time: the others were never tried.
        #expect(try await sink.outbox.deliveries().dropFirst().allSatisfy { $0.attempts == 0 })
        let status = try #require(try await sink.outbox.status(now: WebhookClock.system.now()).first)
        #expect((status.pending, status.failed, status.probing) == (2, 1, 1))
        try await receiver.start()
        defer { receiver.stop() }
        let result = try await drained.value

        #expect(result.deliveredEverything)
        #expect(result.delivered == 3)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(accepted.compactMap(\.webhookID) == expectedIDs(alerts, "soc"))
        #expect(accepted.allSatisfy { $0.verified })
    }

    @Test func serverErrorsAreRetried() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(script: [500, 502, 503, 500])
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(requestTimeout: .seconds(10)))
        let alerts = WebhookFixtures.alerts(0..<3)
        try await sink.write(alerts)
        let result = try await sink.drain(timeout: .seconds(120))

        #expect(result.isComplete)
        #expect(result.delivered == 3)
        let received = try receiver.requests()
        let ids = expectedIDs(alerts, "soc")
        #expect(received.map(\.status) == [500, 502, 503, 500, 200, 200, 200])
        #expect(received.compactMap(\.webhookID) == [ids[0], ids[0], ids[0], ids[0], ids[0], ids[1], ids[2]])
        #expect(received.allSatisfy { $0.verified })
        try WebhookFixtures.verifyWithOurVerifier(received)
        let deliveries = try await sink.outbox.deliveries()
        #expect(deliveries.map(\.attempts) == [5, 1, 1])
        #expect(deliveries.allSatisfy { $0.state == .delivered && $0.lastStatus == 200 && $0.lastError == nil })
    }

    @Test func timeoutsAreRetried() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(delayMilliseconds: 3000)
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("slow", url: receiver.url())],
            options: WebhookFixtures.options(requestTimeout: .milliseconds(500)))
        let alerts = WebhookFixtures.alerts(0..<3)
        try await sink.write(alerts)
        let drained = Task { try await sink.drain(timeout: .seconds(120)) }
        let timedOut = try await WebhookFixtures.eventually {
            (try await sink.outbox.deliveries().first?.attempts ?? 0) >= 2
        }
        #expect(timedOut)
        let error = try await sink.outbox.deliveries().first?.lastError?.lowercased() ?? ""
        #expect(error.contains("deadline") || error.contains("timeout"))
        try receiver.answer()
        let result = try await drained.value

        #expect(result.isComplete)
        #expect(result.delivered == 3)
        let received = try receiver.requests()
        let ids = expectedIDs(alerts, "slow")
        #expect(received.filter { $0.webhookID == ids[0] }.count >= 3)
        #expect(WebhookFixtures.firstOccurrences(received.compactMap(\.webhookID)) == ids)
        #expect(received.allSatisfy { $0.verified })
        try WebhookFixtures.verifyWithOurVerifier(received)
    }

    @Test func goneDisablesTheEndpointUntilItIsEnabled() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(path: "/gone", status: 410)
        let path = try WebhookFixtures.outboxPath()
        let endpoints = [
            try WebhookFixtures.endpoint("gone", url: receiver.url("/gone")),
            try WebhookFixtures.endpoint("ok", url: receiver.url("/ok")),
        ]
        let sink = try WebhookSink(outboxPath: path, endpoints: endpoints, options: WebhookFixtures.options())
        let alerts = WebhookFixtures.alerts(0..<3)
        try await sink.write(alerts)
        let result = try await sink.drain(timeout: .seconds(60))

        #expect(result.isComplete)
        #expect(result.waitingOnDisabled == 3)
        #expect(result.delivered == 3)
        let gone = try #require(result.endpoints.first { $0.name == "gone" })
        #expect(gone.isDisabled)
        #expect(gone.disabledReason == "HTTP 410 Gone")
        #expect(gone.pending == 3)
        #expect(try receiver.requests().filter { $0.path == "/gone" }.count == 1)

        // A restart with the same URL keeps it disabled; enabling it delivers the queue in order.
        let restarted = try WebhookSink(outboxPath: path, endpoints: endpoints, options: WebhookFixtures.options())
        #expect(
            try await restarted.outbox.status(now: WebhookClock.system.now()).first { $0.name == "gone" }?.isDisabled
                == true)
        try receiver.answer(path: "/gone")
        #expect(try await restarted.outbox.enable(endpoint: "gone"))
        let second = try await restarted.drain(timeout: .seconds(60))
        #expect(second.isComplete)
        #expect(second.delivered == 6)
        let accepted = try receiver.requests().filter { $0.path == "/gone" && $0.accepted }
        #expect(accepted.compactMap(\.webhookID) == expectedIDs(alerts, "gone"))
    }

    @Test func aNewURLForADisabledEndpointEnablesIt() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(path: "/old", status: 410)
        let path = try WebhookFixtures.outboxPath()
        let old = try WebhookSink(
            outboxPath: path, endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url("/old"))],
            options: WebhookFixtures.options())
        try await old.write(WebhookFixtures.alerts(0..<2))
        #expect(try await old.drain(timeout: .seconds(60)).waitingOnDisabled == 2)

        let moved = try WebhookSink(
            outboxPath: path, endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url("/new"))],
            options: WebhookFixtures.options())
        let result = try await moved.drain(timeout: .seconds(60))
        #expect(result.delivered == 2)
        #expect(try receiver.requests().filter { $0.path == "/new" && $0.accepted }.count == 2)
    }

    @Test func aDeadEndpointDoesNotHoldUpTheOthers() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let dead = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        let deadURL = dead.url()
        dead.stop()
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [
                try WebhookFixtures.endpoint("dead", url: deadURL),
                try WebhookFixtures.endpoint("live", url: receiver.url()),
            ],
            options: WebhookFixtures.options(delays: [.seconds(600)]))
        let alerts = WebhookFixtures.alerts(0..<5)
        try await sink.write(alerts)
        let drained = Task { try await sink.drain(timeout: .seconds(600)) }
        let received = try await receiver.waitFor { $0.filter(\.accepted).count >= 5 }
        let deadQueue = try await sink.outbox.deliveries(endpoint: "dead")
        drained.cancel()
        _ = try? await drained.value

        #expect(WebhookFixtures.firstOccurrences(received.compactMap(\.webhookID)) == expectedIDs(alerts, "live"))
        #expect(deadQueue.allSatisfy { $0.state == .pending })
        #expect(deadQueue.count == 5)
    }

    @Test func drainWaitsForADispatcherThatIsAlreadyRunning() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())], options: WebhookFixtures.options())
        let service = Task { try await sink.dispatcher.run() }
        #expect(try await WebhookFixtures.eventually { sink.dispatcher.isRunning })
        let alerts = WebhookFixtures.alerts(0..<5)
        try await sink.write(alerts)
        let result = try await sink.drain(timeout: .seconds(60))
        #expect(sink.dispatcher.isRunning)
        service.cancel()
        try await service.value

        #expect(result.delivered == 5)
        #expect(!sink.dispatcher.isRunning)
        let received = try receiver.requests()
        #expect(WebhookFixtures.firstOccurrences(received.compactMap(\.webhookID)) == expectedIDs(alerts, "soc"))
    }

    @Test func onlyOneDispatcherDeliversFromAnOutbox() async throws {
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint("soc", url: "http://127.0.0.1:9/hook")
        let first = try WebhookSink(outboxPath: path, endpoints: [endpoint], options: WebhookFixtures.options())
        let second = try WebhookSink(outboxPath: path, endpoints: [endpoint], options: WebhookFixtures.options())
        try await first.write([WebhookFixtures.alert(1)])
        let service = Task { try await first.dispatcher.run() }
        // An attempt recorded means the first dispatcher holds the lock.
        #expect(try await WebhookFixtures.eventually { try await first.outbox.deliveries()[0].attempts > 0 })
        let refused = await #expect(throws: WebhookOutboxError.self) { try await second.dispatcher.run() }
        #expect(refused?.message.contains("another dispatcher") == true)
        await #expect(throws: WebhookOutboxError.self) { try await second.drain(timeout: .seconds(600)) }
        service.cancel()
        try await service.value

        let again = Task { try await second.dispatcher.run() }
        #expect(try await WebhookFixtures.eventually { second.dispatcher.isRunning })
        again.cancel()
        try await again.value
    }

    @Test func pruningDeletesOnlyOldDeliveredDeliveries() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(path: "/rejects", status: 400)
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [
                try WebhookFixtures.endpoint("ok", url: receiver.url("/ok")),
                try WebhookFixtures.endpoint("rejects", url: receiver.url("/rejects")),
            ], options: WebhookFixtures.options(clientErrorAttempts: 1))
        try await sink.write(WebhookFixtures.alerts(0..<3))
        let result = try await sink.drain(timeout: .seconds(60))
        #expect((result.delivered, result.failed) == (3, 3))
        let finished = try await sink.outbox.deliveries().compactMap(\.finishedAt)

        #expect(try await sink.outbox.prune(deliveredBefore: finished.min()!) == 0)
        #expect(try await sink.outbox.prune(deliveredBefore: finished.max()! + 1) == 3)
        let left = try await sink.outbox.deliveries()
        #expect(left.count == 3)
        #expect(left.allSatisfy { $0.endpoint == "rejects" && $0.state == .failed })
    }

    @Test func tooManyRequestsWaitsOnlyAsLongAsRetryAfterSays() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(script: [429], retryAfter: "1")
        // The schedule's own delay (10 min) would outlast the drain; Retry-After brings the retry to 1 s.
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(delays: [.seconds(600)]))
        try await sink.write([WebhookFixtures.alert(1)])
        let result = try await sink.drain(timeout: .seconds(120))

        #expect(result.isComplete)
        #expect(result.delivered == 1)
        #expect(try receiver.requests().map(\.status) == [429, 200])
        let delivery = try #require(try await sink.outbox.deliveries().first)
        #expect(delivery.attempts == 2)
    }

    @Test func clientErrorsGiveUpAndRedeliverySendsThemAgain() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(status: 400)
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(clientErrorAttempts: 2))
        let alerts = WebhookFixtures.alerts(0..<2)
        try await sink.write(alerts)
        let result = try await sink.drain(timeout: .seconds(60))

        #expect(result.isComplete)
        #expect(result.failed == 2)
        #expect(try receiver.requests().count == 4)
        let failed = try await sink.outbox.deliveries()
        #expect(failed.allSatisfy { $0.state == .failed && $0.lastStatus == 400 && $0.attempts == 2 })
        #expect(failed.first?.lastError == "HTTP 400; gave up after 2 client errors")

        try receiver.answer(status: 200)
        let requeued = try await sink.outbox.redeliver(
            since: 0, endpoint: nil, includeDelivered: false, now: WebhookClock.system.now())
        #expect(requeued == 2)
        let second = try await sink.drain(timeout: .seconds(60))
        #expect(second.delivered == 2)
        #expect(second.failed == 0)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(accepted.compactMap(\.webhookID) == expectedIDs(alerts, "soc"))

        // Delivered ones are resent only when asked to.
        let now = WebhookClock.system.now()
        #expect(try await sink.outbox.redeliver(since: 0, endpoint: nil, includeDelivered: false, now: now) == 0)
        #expect(try await sink.outbox.redeliver(since: 0, endpoint: nil, includeDelivered: true, now: now) == 2)
        #expect(try await sink.drain(timeout: .seconds(60)).delivered == 2)
        let resent = try receiver.requests().filter(\.accepted)
        #expect(resent.compactMap(\.webhookID) == expectedIDs(alerts, "soc") + expectedIDs(alerts, "soc"))
    }

    @Test func anExhaustedDeliveryIsKeptAsFailed() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(status: 500)
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(delays: [.milliseconds(300), .milliseconds(300)], recoveryWindow: .zero))
        try await sink.write(WebhookFixtures.alerts(0..<2))
        let result = try await sink.drain(timeout: .seconds(60))

        #expect(result.isComplete)
        #expect(result.failed == 2)
        #expect(try receiver.requests().count == 6)
        let kept = try await sink.outbox.deliveries()
        #expect(kept.count == 2)
        #expect(
            kept.allSatisfy {
                $0.state == .failed && $0.exhausted
                    && $0.lastError?.hasPrefix("HTTP 500; retry schedule used up after 3 attempts in") == true
            })
    }

    @Test func aStaleTimestampFailsVerification() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(clientErrorAttempts: 1), clock: .system(offsetBy: -10 * 60 * 1000))
        try await sink.write([WebhookFixtures.alert(1)])
        let result = try await sink.drain(timeout: .seconds(60))

        #expect(result.failed == 1)
        let request = try #require(try receiver.requests().first)
        #expect(!request.verified)
        #expect(request.status == 401)
        #expect(request.error?.contains("too old") == true)
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookFixtures.secret)])
        let stamp = try #require(request.webhookTimestamp.flatMap { Int64($0) })
        #expect(throws: WebhookVerificationError.timestampTooOld(stamp)) {
            try verifier.verify(
                id: request.webhookID, timestamp: request.webhookTimestamp, signatureHeader: request.webhookSignature,
                body: Array(request.body.utf8), nowSeconds: WebhookClock.system.now() / 1000)
        }
    }

    @Test func aTamperedBodyFailsBothVerifiers() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())], options: WebhookFixtures.options())
        try await sink.write([WebhookFixtures.alert(1)])
        #expect(try await sink.drain(timeout: .seconds(60)).delivered == 1)
        let request = try #require(try receiver.requests().first)
        #expect(request.verified)

        let tampered = request.body.replacingOccurrences(of: "reverse_brushing", with: "refund_storm")
        #expect(tampered != request.body)
        let headers = [
            "webhook-id": request.webhookID ?? "", "webhook-timestamp": request.webhookTimestamp ?? "",
            "webhook-signature": request.webhookSignature ?? "",
        ]
        #expect(
            try WebhookReferenceVerifier.verify(secret: WebhookFixtures.secret, headers: headers, body: request.body)
                == "ok")
        let reference = try WebhookReferenceVerifier.verify(
            secret: WebhookFixtures.secret, headers: headers, body: tampered)
        #expect(reference.contains("No matching signature"))
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookFixtures.secret)])
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(
                id: request.webhookID, timestamp: request.webhookTimestamp, signatureHeader: request.webhookSignature,
                body: Array(tampered.utf8), nowSeconds: WebhookClock.system.now() / 1000)
        }
    }

    @Test func aRotatedSecretVerifiesWithTheOldOrTheNew() async throws {
        let newSecret = WebhookSecret.random()
        let old = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { old.stop() }
        let new = try await WebhookReceiver(secrets: [newSecret.text])
        defer { new.stop() }
        let secrets = [newSecret, try WebhookSecret(WebhookFixtures.secret)]
        let sink = try WebhookSink(
            outboxPath: try WebhookFixtures.outboxPath(),
            endpoints: [
                try WebhookEndpoint(name: "old", url: old.url(), secrets: secrets),
                try WebhookEndpoint(name: "new", url: new.url(), secrets: secrets),
            ], options: WebhookFixtures.options())
        try await sink.write([WebhookFixtures.alert(1)])
        #expect(try await sink.drain(timeout: .seconds(60)).delivered == 2)
        for receiver in [old, new] {
            let request = try #require(try receiver.requests().first)
            #expect(request.verified)
            #expect(request.webhookSignature?.split(separator: " ").count == 2)
        }
    }

    @Test func abandoningTheSinkMidDeliveryLosesNothing() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(delayMilliseconds: 100)
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint("soc", url: receiver.url())
        let alerts = WebhookFixtures.alerts(0..<12)
        var crashed: WebhookSink? = try WebhookSink(
            outboxPath: path, endpoints: [endpoint], options: WebhookFixtures.options())
        try await crashed?.write(alerts)
        let running = Task { [crashed] in try await crashed?.dispatcher.run() }
        try await receiver.waitFor { $0.count >= 3 }
        // The process "dies": its dispatcher stops mid-request and the sink is dropped without close().
        running.cancel()
        _ = try? await running.value
        crashed = nil
        let before = try receiver.requests().filter(\.accepted).count
        #expect(before < alerts.count)

        let restarted = try WebhookSink(outboxPath: path, endpoints: [endpoint], options: WebhookFixtures.options())
        let result = try await restarted.drain(timeout: .seconds(120))
        #expect(result.delivered == alerts.count)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(WebhookFixtures.firstOccurrences(accepted.compactMap(\.webhookID)) == expectedIDs(alerts, "soc"))
        #expect(accepted.allSatisfy { $0.verified })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: WebhookFixtures.brushfirePath)))
    func killNineMidDeliveryLosesNothing() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(delayMilliseconds: 50)
        let path = try WebhookFixtures.outboxPath()
        let endpoint = try WebhookFixtures.endpoint(WebhookEndpoint.commandLineName, url: receiver.url())
        let alerts = WebhookFixtures.alerts(0..<40)
        try await WebhookSink(outboxPath: path, endpoints: [endpoint]).write(alerts)
        let arguments = [
            "webhooks", "deliver", "--outbox", path, "--webhook", receiver.url(), "--webhook-secret",
            WebhookFixtures.secret, "--retry-schedule", "100ms,100ms,100ms,100ms,100ms",
        ]

        let first = try WebhookFixtures.launchBrushfire(arguments)
        try await receiver.waitFor { $0.count >= 5 }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let beforeRestart = try receiver.requests().filter(\.accepted).count
        #expect(beforeRestart < alerts.count)

        let second = try WebhookFixtures.launchBrushfire(arguments + ["--until-drained", "--timeout", "120"])
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let accepted = try receiver.requests().filter(\.accepted)
        #expect(WebhookFixtures.firstOccurrences(accepted.compactMap(\.webhookID)) == expectedIDs(alerts, "default"))
        #expect(accepted.allSatisfy { $0.verified })
        #expect(accepted.count <= alerts.count + 1)
        let deliveries = try await WebhookOutbox(path: path).deliveries()
        #expect(deliveries.allSatisfy { $0.state == .delivered })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: WebhookFixtures.brushfirePath)))
    func operatorCommandsShowRedeliverAndPing() async throws {
        let receiver = try await WebhookReceiver(secrets: [WebhookFixtures.secret])
        defer { receiver.stop() }
        try receiver.answer(status: 400)
        let path = try WebhookFixtures.outboxPath()
        let sink = try WebhookSink(
            outboxPath: path, endpoints: [try WebhookFixtures.endpoint("soc", url: receiver.url())],
            options: WebhookFixtures.options(clientErrorAttempts: 1))
        try await sink.write(WebhookFixtures.alerts(0..<2))
        #expect(try await sink.drain(timeout: .seconds(60)).failed == 2)

        let status = try await WebhookFixtures.runBrushfire(["webhooks", "status", "--outbox", path])
        #expect(status.status == 0)
        let row = status.output.split(separator: "\n").first { $0.hasPrefix("soc ") }?.split(separator: " ")
        #expect(row.map { Array($0.prefix(5)) } == ["soc", "enabled", "0", "0", "2"])
        #expect(status.output.contains("last error: HTTP 400; gave up after 1 client error"))
        #expect(status.output.contains("journal_mode=wal synchronous=2"))

        try receiver.answer(status: 200)
        let redeliver = try await WebhookFixtures.runBrushfire([
            "webhooks", "redeliver", "--outbox", path, "--since", "1h", "--endpoint", "soc",
        ])
        #expect(redeliver.status == 0)
        #expect(redeliver.output.hasPrefix("queued 2 deliveries again"))
        #expect(try await sink.outbox.deliveries().allSatisfy { $0.state == .pending && $0.attempts == 0 })

        let ping = try await WebhookFixtures.runBrushfire([
            "webhooks", "ping", "soc", "--outbox", path, "--secret", WebhookFixtures.secret,
        ])
        #expect(ping.status == 0)
        #expect(ping.output.contains("HTTP 200"))
        let pinged = try #require(try receiver.requests().last)
        #expect(pinged.verified)
        #expect(pinged.body.contains(#""type":"brushfire.ping""#))

        let wrongSecret = try await WebhookFixtures.runBrushfire([
            "webhooks", "ping", receiver.url(), "--secret", WebhookSecret.random().text,
        ])
        #expect(wrongSecret.status != 0)
        #expect(wrongSecret.output.contains("HTTP 401"))
    }

    private func expectedIDs(_ alerts: [Alert], _ endpoint: String) -> [String] {
        alerts.map { WebhookOutbox.webhookID(endpoint: endpoint, body: Array($0.jsonLine().utf8)) }
    }
}
