import BrushfireSinks
import Testing

@Suite struct WebhookDeliveryStateMachineTests {
    typealias Machine = WebhookDeliveryStateMachine
    static let now: Int64 = 1_763_856_000_000
    /// Delays of 1, 2 and 3 seconds without jitter: four attempts in all.
    static let schedule = WebhookRetrySchedule(
        delays: [.seconds(1), .seconds(2), .seconds(3)], jitter: 0, clientErrorAttempts: 2,
        maximumRetryAfter: .seconds(60))

    var random = WebhookTestRandom(state: 7)

    @Test(arguments: [200, 201, 202, 204, 299])
    mutating func successIsDelivered(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        #expect(machine.startAttempt() == 1)
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now, using: &random) == .markDelivered)
        #expect(machine.state == .delivered)
        #expect(machine.attempts == 1)
    }

    @Test(arguments: [408, 500, 502, 504, 599])
    mutating func serverErrorsFollowTheScheduleThenFail(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        var now = Self.now
        for (attempt, delay) in [(1, 1000), (2, 2000), (3, 3000)] {
            #expect(machine.startAttempt() == attempt)
            let action = machine.responseReceived(status: status, retryAfter: nil, now: now, using: &random)
            #expect(action == .retry(at: now + Int64(delay), reason: "HTTP \(status)"))
            #expect(machine.state == .waiting)
            now += Int64(delay)
        }
        #expect(machine.startAttempt() == 4)
        let last = machine.responseReceived(status: status, retryAfter: nil, now: now, using: &random)
        #expect(last == .markFailed(reason: "HTTP \(status); gave up after 4 attempts"))
        #expect(machine.state == .failed(reason: "HTTP \(status); gave up after 4 attempts"))
    }

    @Test mutating func transportFailuresAreRetriedLikeServerErrors() {
        var machine = Machine(schedule: Self.schedule, attempts: 2)
        #expect(machine.startAttempt() == 3)
        #expect(
            machine.requestFailed("connection refused", now: Self.now, using: &random)
                == .retry(at: Self.now + 3000, reason: "connection refused"))
        #expect(machine.startAttempt() == 4)
        #expect(
            machine.requestFailed("deadline exceeded", now: Self.now, using: &random)
                == .markFailed(reason: "deadline exceeded; gave up after 4 attempts"))
    }

    @Test mutating func goneDisablesTheEndpoint() {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt()
        #expect(
            machine.responseReceived(status: 410, retryAfter: nil, now: Self.now, using: &random)
                == .disableEndpoint(reason: "HTTP 410 Gone"))
        #expect(machine.state == .endpointGone)
    }

    @Test(arguments: [
        ("7", 7000), ("0", 0), ("-3", 0), ("3600", 60_000), ("Sun, 23 Nov 2025 00:00:30 GMT", 30_000),
        ("Sat, 22 Nov 2025 23:00:00 GMT", 0),
    ])
    mutating func tooManyRequestsHonoursRetryAfter(_ header: String, _ wait: Int64) {
        for status in [429, 503] {
            var machine = Machine(schedule: Self.schedule)
            _ = machine.startAttempt()
            let action = machine.responseReceived(status: status, retryAfter: header, now: Self.now, using: &random)
            #expect(action == .retry(at: Self.now + wait, reason: "HTTP \(status) with Retry-After"))
        }
    }

    @Test(arguments: [nil, "", "later"])
    mutating func withoutAUsableRetryAfterTheScheduleApplies(_ header: String?) {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt()
        #expect(
            machine.responseReceived(status: 429, retryAfter: header, now: Self.now, using: &random)
                == .retry(at: Self.now + 1000, reason: "HTTP 429"))
    }

    @Test mutating func retryAfterDoesNotOutlastTheAttempts() {
        var machine = Machine(schedule: Self.schedule, attempts: 3)
        _ = machine.startAttempt()
        #expect(
            machine.responseReceived(status: 503, retryAfter: "5", now: Self.now, using: &random)
                == .markFailed(reason: "HTTP 503; gave up after 4 attempts"))
    }

    @Test(arguments: [400, 401, 403, 404, 413, 422, 301])
    mutating func clientErrorsAreNotRetriedForever(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt()
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now, using: &random)
                == .retry(at: Self.now + 1000, reason: "HTTP \(status)"))
        #expect(machine.clientErrors == 1)
        _ = machine.startAttempt()
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now, using: &random)
                == .markFailed(reason: "HTTP \(status); gave up after 2 client errors"))
    }

    @Test mutating func resumesFromStoredCounters() {
        var machine = Machine(schedule: Self.schedule, attempts: 1, clientErrors: 1)
        #expect(machine.startAttempt() == 2)
        #expect(
            machine.responseReceived(status: 400, retryAfter: nil, now: Self.now, using: &random)
                == .markFailed(reason: "HTTP 400; gave up after 2 client errors"))
    }

    @Test mutating func jitterStaysWithinItsBoundsAndVaries() {
        let schedule = WebhookRetrySchedule(delays: [.seconds(10)], jitter: 0.2)
        var seen: Set<Int64> = []
        for _ in 0..<200 {
            let delay = schedule.delay(afterAttempt: 1, using: &random)!
            #expect((8000...12000).contains(delay))
            seen.insert(delay)
        }
        #expect(seen.count > 50)
        #expect(schedule.delay(afterAttempt: 2, using: &random) == nil)
    }

    @Test func theDefaultScheduleIsEightAttemptsOverAboutADay() {
        let schedule = WebhookRetrySchedule.standard
        #expect(schedule.maximumAttempts == 8)
        let total = schedule.delays.reduce(Duration.zero, +)
        let seconds: Int64 = 5 + 300 + 1800 + 7200 + 18000 + 36000 + 36000
        #expect(total == .seconds(seconds))
    }

    @Test func parsesSchedules() throws {
        let schedule = try WebhookRetrySchedule.parse("250ms, 5s,5m,2h,1d")
        #expect(
            schedule.delays == [.milliseconds(250), .seconds(5), .seconds(300), .seconds(7200), .seconds(86400)])
        #expect(
            throws: WebhookConfigurationError(
                field: "retry-schedule", reason: "'5x' is not a delay such as 500ms, 5s, 5m or 2h")
        ) {
            try WebhookRetrySchedule.parse("5s,5x")
        }
    }
}
