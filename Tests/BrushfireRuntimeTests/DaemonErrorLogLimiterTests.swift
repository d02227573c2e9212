import Testing

@testable import BrushfireRuntime

@Suite("Repeated Kafka errors are logged once per kind per interval")
struct DaemonErrorLogLimiterTests {
    @Test func theFirstOfAKindIsLoggedThenAtMostOnePerInterval() {
        var limiter = ErrorLogLimiter(intervalMillis: 30_000)
        #expect(limiter.admit("consumer/transport", nowMillis: 0) == 0)
        #expect(limiter.admit("consumer/transport", nowMillis: 1_000) == nil)
        #expect(limiter.admit("consumer/transport", nowMillis: 29_999) == nil)
        // The next one logged says how many were left out.
        #expect(limiter.admit("consumer/transport", nowMillis: 30_000) == 2)
        #expect(limiter.admit("consumer/transport", nowMillis: 30_001) == nil)
        #expect(limiter.admit("consumer/transport", nowMillis: 90_000) == 1)
    }

    @Test func kindsAreLimitedIndependently() {
        var limiter = ErrorLogLimiter(intervalMillis: 10_000)
        #expect(limiter.admit("consumer/transport", nowMillis: 0) == 0)
        #expect(limiter.admit("consumer/all_brokers_down", nowMillis: 5) == 0)
        #expect(limiter.admit("producer/transport", nowMillis: 10) == 0)
        #expect(limiter.admit("consumer/transport", nowMillis: 20) == nil)
        #expect(limiter.admit("consumer/all_brokers_down", nowMillis: 10_005) == 0)
    }
}
