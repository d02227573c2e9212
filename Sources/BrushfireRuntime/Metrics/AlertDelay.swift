import Histogram
import Logging

/// The daemon's event-to-alert delay: for each alert emitted while consuming, from the Kafka timestamp of the
/// record the pipeline attributes it to (``Pipeline/Output/triggers``) to the wall-clock moment the alert was
/// handed to the sinks. An HdrHistogram of microseconds with three significant digits, up to an hour (a longer
/// delay, such as a backlog read after an outage, counts as an hour).
///
/// The figure errs long, never short: Kafka timestamps are whole milliseconds, and the trigger is the first
/// record of the stretch whose advance emitted the alert. Alerts of the final flush at shutdown have no trigger
/// and are not counted.
public struct AlertDelay: Sendable, Equatable {
    public private(set) var histogram = Histogram<UInt64>(
        highestTrackableValue: AlertDelay.highestMicroseconds, numberOfSignificantValueDigits: .three)
    /// Alerts whose trigger record is stamped later than the moment they were handed over (the producer's clock
    /// ahead of this machine's); recorded as no delay.
    public private(set) var aheadOfClock = 0

    static let highestMicroseconds: UInt64 = 3_600_000_000

    public init() {}

    /// Records one alert triggered by a record stamped `triggerMillis` (Kafka timestamp, epoch ms) and handed to
    /// the sinks at `handedMicros` (epoch µs); returns the delay recorded, in µs. A record without a timestamp
    /// (negative) is not counted.
    @discardableResult
    public mutating func record(triggerMillis: Int64, handedMicros: Int64) -> UInt64? {
        guard triggerMillis >= 0 else { return nil }
        let delay = handedMicros - triggerMillis * 1000
        if delay < 0 { aheadOfClock += 1 }
        let recorded = UInt64(min(max(delay, 0), Int64(Self.highestMicroseconds)))
        histogram.record(recorded)
        return recorded
    }

    /// Alerts recorded.
    public var count: Int { Int(histogram.totalCount) }

    /// The delay at `percentile` (0–100), in microseconds; 0 when nothing was recorded.
    public func microseconds(atPercentile percentile: Double) -> UInt64 {
        count == 0 ? 0 : histogram.valueAtPercentile(percentile)
    }

    /// The usual percentiles, in milliseconds.
    public var summary: Summary {
        Summary(
            count: count, p50: milliseconds(50), p90: milliseconds(90), p99: milliseconds(99),
            p999: milliseconds(99.9), max: count == 0 ? 0 : Double(histogram.maxRecorded) / 1000,
            aheadOfClock: aheadOfClock)
    }

    private func milliseconds(_ percentile: Double) -> Double {
        Double(microseconds(atPercentile: percentile)) / 1000
    }

    /// Count and percentiles of the delay in milliseconds (to the microsecond), as `/v1/status` and the closing
    /// log line show them.
    public struct Summary: Sendable, Equatable, Codable {
        public var count: Int
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var p999: Double
        public var max: Double
        public var aheadOfClock: Int

        enum CodingKeys: String, CodingKey {
            case count, p50, p90, p99, max
            case p999 = "p99_9"
            case aheadOfClock = "ahead_of_clock"
        }

        /// For a log line: `alert_delay_count=13 alert_delay_p50_ms=4.120 … alert_delay_max_ms=9.870`.
        var metadata: Logger.Metadata {
            [
                "alert_delay_count": "\(count)", "alert_delay_p50_ms": "\(Self.format(p50))",
                "alert_delay_p90_ms": "\(Self.format(p90))", "alert_delay_p99_ms": "\(Self.format(p99))",
                "alert_delay_p99_9_ms": "\(Self.format(p999))", "alert_delay_max_ms": "\(Self.format(max))",
                "alert_delay_ahead_of_clock": "\(aheadOfClock)",
            ]
        }

        static func format(_ milliseconds: Double) -> String {
            let micros = Int64((milliseconds * 1000).rounded())
            let fraction = String(micros % 1000)
            return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        }
    }
}
