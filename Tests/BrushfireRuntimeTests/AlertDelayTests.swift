import BrushfireRuntime
import Testing

@Suite("The event-to-alert delay histogram")
struct AlertDelayTests {
    @Test func percentilesOfKnownDelaysAreWithinTheHistogramsPrecision() {
        var delay = AlertDelay()
        let handed: Int64 = 1_764_000_000_000_000
        // Delays of 1 ms … 1000 ms, one alert each.
        for milliseconds in Int64(1)...1000 {
            delay.record(triggerMillis: handed / 1000 - milliseconds, handedMicros: handed)
        }
        let summary = delay.summary
        #expect(summary.count == 1000)
        for (value, expected) in [(summary.p50, 500.0), (summary.p90, 900.0), (summary.p99, 990.0)] {
            #expect(abs(value - expected) <= expected * 0.001, "\(value) for \(expected)")
        }
        #expect(summary.p999 <= summary.max)
        #expect(abs(summary.max - 1000) <= 1)
        #expect(summary.aheadOfClock == 0)
    }

    @Test func recordsWithoutATimestampAreNotCountedAndClocksAheadCountAsNoDelay() {
        var delay = AlertDelay()
        #expect(delay.record(triggerMillis: -1, handedMicros: 5_000_000) == nil)
        #expect(delay.record(triggerMillis: 6_000, handedMicros: 5_000_000) == 0)
        #expect(delay.record(triggerMillis: 0, handedMicros: 7_200_000_000) == 3_600_000_000)
        #expect(delay.count == 2)
        #expect(delay.summary.aheadOfClock == 1)
        #expect(delay.summary.max == 3_600_000)
    }

    @Test func anEmptyHistogramSummarisesAsZeros() {
        let summary = AlertDelay().summary
        #expect(summary.count == 0)
        #expect([summary.p50, summary.p90, summary.p99, summary.p999, summary.max] == [0, 0, 0, 0, 0])
    }
}
