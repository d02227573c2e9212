import BrushfireSinks
import Testing

@Suite struct WebhookDeliveryStateMachineTests {
    typealias Machine = WebhookDeliveryStateMachine
    static let now: Int64 = 1_763_856_000_000
    /// Points 1, 3 and 6 seconds after the first attempt, without jitter; probes every 10 s afterwards.
    static let schedule = WebhookRetrySchedule(
        delays: [.seconds(1), .seconds(2), .seconds(3)], jitter: 0, clientErrorAttempts: 2,
        maximumRetryAfter: .seconds(60), recoveryWindow: .seconds(3600), probeInterval: .seconds(10))

    var random = WebhookTestRandom(state: 7)

    @Test(arguments: [200, 201, 202, 204, 299])
    mutating func successIsDelivered(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        #expect(machine.startAttempt(now: Self.now) == 1)
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now, using: &random) == .markDelivered)
        #expect(machine.state == .delivered)
        #expect(machine.attempts == 1)
        #expect(machine.firstAttemptAt == Self.now)
    }

    @Test(arguments: [408, 500, 502, 504, 599])
    mutating func serverErrorsFollowTheSchedulesPointsThenProbe(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        var now = Self.now
        for (attempt, point) in [(1, 1000), (2, 3000), (3, 6000)] {
            #expect(machine.startAttempt(now: now) == attempt)
            let action = machine.responseReceived(status: status, retryAfter: nil, now: now, using: &random)
            #expect(action == .retry(at: Self.now + Int64(point), reason: "HTTP \(status)"))
            #expect(machine.state == .waiting)
            now = Self.now + Int64(point)
        }
        #expect(machine.startAttempt(now: now) == 4)
        let last = machine.responseReceived(status: status, retryAfter: nil, now: now, using: &random)
        let reason = "HTTP \(status); retry schedule used up after 4 attempts in 6s"
        #expect(last == .markExhausted(reason: reason, probeAt: now + 10_000))
        #expect(machine.state == .exhausted(reason: reason))
    }

    @Test mutating func theSchedulesPointsCountFromTheFirstAttemptNotFromEachFailure() {
        // An attempt that took 2.5 s (a slow timeout) still finds the next point at 3 s, not 2.5 s + 2 s.
        var machine = Machine(schedule: Self.schedule, attempts: 1, firstAttemptAt: Self.now)
        _ = machine.startAttempt(now: Self.now + 1000)
        #expect(
            machine.requestFailed("deadline exceeded", now: Self.now + 2500, using: &random)
                == .retry(at: Self.now + 3000, reason: "deadline exceeded"))
        // Failing past a point skips it rather than crowding attempts together.
        var late = Machine(schedule: Self.schedule, attempts: 1, firstAttemptAt: Self.now)
        _ = late.startAttempt(now: Self.now + 3500)
        #expect(
            late.requestFailed("connection refused", now: Self.now + 3500, using: &random)
                == .retry(at: Self.now + 6000, reason: "connection refused"))
    }

    @Test mutating func aProbeThatFailsProbesAgainAndOneThatSucceedsDelivers() {
        var machine = Machine(schedule: Self.schedule, attempts: 4, firstAttemptAt: Self.now, isProbe: true)
        _ = machine.startAttempt(now: Self.now + 20_000)
        #expect(
            machine.responseReceived(status: 502, retryAfter: nil, now: Self.now + 20_000, using: &random)
                == .markExhausted(reason: "HTTP 502", probeAt: Self.now + 30_000))
        var answered = Machine(schedule: Self.schedule, attempts: 5, firstAttemptAt: Self.now, isProbe: true)
        _ = answered.startAttempt(now: Self.now + 30_000)
        #expect(
            answered.responseReceived(status: 200, retryAfter: nil, now: Self.now + 30_000, using: &random)
                == .markDelivered)
    }

    @Test mutating func goneDisablesTheEndpoint() {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt(now: Self.now)
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
            _ = machine.startAttempt(now: Self.now)
            let action = machine.responseReceived(status: status, retryAfter: header, now: Self.now, using: &random)
            #expect(action == .retry(at: Self.now + wait, reason: "HTTP \(status) with Retry-After"))
        }
    }

    @Test(arguments: [nil, "", "later"])
    mutating func withoutAUsableRetryAfterTheScheduleApplies(_ header: String?) {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt(now: Self.now)
        #expect(
            machine.responseReceived(status: 429, retryAfter: header, now: Self.now, using: &random)
                == .retry(at: Self.now + 1000, reason: "HTTP 429"))
    }

    @Test mutating func retryAfterAttemptsUseUpNoPointOfTheSchedule() {
        // Retry-After: 1 for 5.5 s: six attempts, none gives up, because the last point (6 s) is still ahead.
        var machine = Machine(schedule: Self.schedule)
        var now = Self.now
        for attempt in 1...6 {
            #expect(machine.startAttempt(now: now) == attempt)
            #expect(
                machine.responseReceived(status: 503, retryAfter: "1", now: now, using: &random)
                    == .retry(at: now + 1000, reason: "HTTP 503 with Retry-After"))
            now += 1000
        }
        #expect(machine.startAttempt(now: now) == 7)
        let exhausted = machine.responseReceived(status: 503, retryAfter: "1", now: now, using: &random)
        #expect(
            exhausted
                == .markExhausted(
                    reason: "HTTP 503 with Retry-After; retry schedule used up after 7 attempts in 6s",
                    probeAt: now + 1000))
    }

    @Test(arguments: [400, 401, 403, 404, 413, 422, 301])
    mutating func clientErrorsAreNotRetriedForever(_ status: Int) {
        var machine = Machine(schedule: Self.schedule)
        _ = machine.startAttempt(now: Self.now)
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now, using: &random)
                == .retry(at: Self.now + 1000, reason: "HTTP \(status)"))
        #expect(machine.clientErrors == 1)
        _ = machine.startAttempt(now: Self.now + 1000)
        #expect(
            machine.responseReceived(status: status, retryAfter: nil, now: Self.now + 1000, using: &random)
                == .markFailed(reason: "HTTP \(status); gave up after 2 client errors"))
    }

    @Test mutating func resumesFromStoredCounters() {
        var machine = Machine(schedule: Self.schedule, attempts: 1, clientErrors: 1, firstAttemptAt: Self.now)
        #expect(machine.startAttempt(now: Self.now + 1000) == 2)
        #expect(machine.firstAttemptAt == Self.now)
        #expect(
            machine.responseReceived(status: 400, retryAfter: nil, now: Self.now + 1000, using: &random)
                == .markFailed(reason: "HTTP 400; gave up after 2 client errors"))
    }

    @Test mutating func jitterOnlyDelaysAPointAndVaries() {
        let schedule = WebhookRetrySchedule(delays: [.seconds(10), .seconds(10)], jitter: 0.2)
        var seen: Set<Int64> = []
        for _ in 0..<200 {
            let next = schedule.nextAttempt(firstAttemptAt: 0, failedAt: 0, using: &random)!
            #expect((10_000...12_000).contains(next))
            seen.insert(next)
        }
        #expect(seen.count > 50)
        #expect((20_000...22_000).contains(schedule.nextAttempt(firstAttemptAt: 0, failedAt: 12_000, using: &random)!))
        #expect(schedule.nextAttempt(firstAttemptAt: 0, failedAt: 20_000, using: &random) == nil)
    }

    @Test func theDefaultScheduleSpansAboutADayAndAHalfWithAThreeDayRecoveryWindow() {
        let schedule = WebhookRetrySchedule.standard
        let seconds: Int64 = 5 + 300 + 1800 + 7200 + 18000 + 36000 + 36000
        #expect(schedule.span == .seconds(seconds))
        #expect(schedule.delays.count + 1 == 8)
        #expect(schedule.recoveryWindow == .seconds(3 * 86400))
        #expect(schedule.probeInterval == .seconds(3600))
    }

    @Test func parsesSchedules() throws {
        let schedule = try WebhookRetrySchedule.parse("250ms, 5s,5m,2h,1d")
        #expect(
            schedule.delays == [.milliseconds(250), .seconds(5), .seconds(300), .seconds(7200), .seconds(86400)])
        #expect(
            throws: WebhookConfigurationError(
                field: "retry-schedule", reason: "'5x' is not a delay such as 500ms, 5s, 5m or 2h (at most 3660d)")
        ) {
            try WebhookRetrySchedule.parse("5s,5x")
        }
    }
}
