import BrushfireSinks
import Testing

/// Found by `Scripts/fuzz.sh FuzzWebhookConfiguration`: a delay such as `9223372036854775807h` trapped on an arithmetic
/// overflow in `WebhookRetrySchedule.parseDuration`. Durations are now held to 10 years when read, and the schedule's
/// and the delivery state machine's arithmetic on times saturates for schedules built in code.
@Suite struct WebhookScheduleOverflowTests {
    static let now: Int64 = 1_796_000_000_000

    @Test(
        "Fuzz crash: a duration whose milliseconds overflow is refused, as is one past 10 years",
        arguments: ["9223372036854775807h", "106751991168d", "9223372036854775807s", "3661d", "5270401m"])
    func fuzzCrashOverlongDurationIsRefused(_ token: String) {
        #expect(WebhookRetrySchedule.parseDuration(token) == nil)
        #expect(throws: WebhookConfigurationError.self) { try WebhookRetrySchedule.parse("5s,\(token)") }
    }

    @Test("Durations up to 10 years are read")
    func tenYearsIsRead() throws {
        #expect(WebhookRetrySchedule.parseDuration("3660d") == .seconds(3660 * 86400))
        #expect(WebhookRetrySchedule.parseDuration("5270400m") == .seconds(3660 * 86400))
        #expect(try WebhookRetrySchedule.parse("5s,3660d").delays == [.seconds(5), .seconds(3660 * 86400)])
    }

    @Test("A schedule built in code that reaches past the end of time runs out instead of trapping")
    func scheduleBeyondTheEndOfTimeRunsOut() {
        let half = Duration.milliseconds(Int64.max / 2)
        let schedule = WebhookRetrySchedule(delays: [.seconds(5), half, half, half], jitter: 1)
        var random = WebhookTestRandom(state: 3)
        let first = schedule.nextAttempt(firstAttemptAt: Self.now, failedAt: Self.now, using: &random)
        #expect(first.map { (Self.now + 5_000...Self.now + 10_000).contains($0) } == true)
        let second = schedule.nextAttempt(firstAttemptAt: Self.now, failedAt: Self.now + 10_000, using: &random)
        #expect(second.map { $0 >= Self.now + Int64.max / 2 } == true, "jitter past the end stays at the point")
        #expect(schedule.nextAttempt(firstAttemptAt: Self.now, failedAt: .max - 1, using: &random) == nil)
    }

    @Test("A probe interval past the end of time probes at the last representable instant")
    func probeBeyondTheEndOfTime() {
        let schedule = WebhookRetrySchedule(delays: [], probeInterval: .milliseconds(Int64.max))
        var machine = WebhookDeliveryStateMachine(schedule: schedule)
        var random = WebhookTestRandom(state: 5)
        _ = machine.startAttempt(now: Self.now)
        guard case .markExhausted(_, let probeAt) = machine.requestFailed("refused", now: Self.now, using: &random)
        else {
            Issue.record("an empty schedule should be exhausted at once")
            return
        }
        #expect(probeAt == .max)
    }
}
