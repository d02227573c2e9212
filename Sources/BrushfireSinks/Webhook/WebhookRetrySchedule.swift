import Foundation

/// When a failed delivery is tried again: a list of growing delays, each spread by random jitter.
///
/// The default follows Standard Webhooks practice (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over
/// about 28 hours). Tests pass a schedule of milliseconds.
public struct WebhookRetrySchedule: Sendable, Equatable {
    /// The wait before retry n (1-based) after attempt n failed; attempts stop after `delays.count + 1`.
    public var delays: [Duration]
    /// Each delay is multiplied by a random factor in `1 - jitter ... 1 + jitter`, so receivers that come back
    /// after an outage are not hit by every sender at the same instant.
    public var jitter: Double
    /// Attempts allowed for a delivery answered with a 4xx other than 408, 410 and 429 (a receiver that rejects
    /// the request is unlikely to change its mind soon).
    public var clientErrorAttempts: Int
    /// The longest `Retry-After` obeyed; longer requests are cut to this.
    public var maximumRetryAfter: Duration

    public init(
        delays: [Duration], jitter: Double = 0.2, clientErrorAttempts: Int = 3,
        maximumRetryAfter: Duration = .seconds(10 * 3600)
    ) {
        self.delays = delays
        self.jitter = min(max(jitter, 0), 1)
        self.clientErrorAttempts = max(clientErrorAttempts, 1)
        self.maximumRetryAfter = maximumRetryAfter
    }

    public static let standard = WebhookRetrySchedule(
        delays: [
            .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3600), .seconds(5 * 3600),
            .seconds(10 * 3600), .seconds(10 * 3600),
        ])

    /// First attempt plus one per delay.
    public var maximumAttempts: Int { delays.count + 1 }

    /// Milliseconds to wait after failed attempt `attempt` (1-based), jittered; `nil` when attempts are used up.
    public func delay(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Int64? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = Double(Self.milliseconds(delays[attempt - 1]))
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter), using: &random) : 1
        return Int64((base * factor).rounded())
    }

    /// Parses a comma-separated list of delays such as `5s,5m,30m,2h` (units ms, s, m, h).
    public static func parse(_ text: String, field: String = "retry-schedule") throws(WebhookConfigurationError)
        -> WebhookRetrySchedule
    {
        var delays: [Duration] = []
        for item in text.split(separator: ",") {
            let token = item.trimmingCharacters(in: .whitespaces)
            guard let delay = parseDuration(token) else {
                throw WebhookConfigurationError(
                    field: field, reason: "'\(token)' is not a delay such as 500ms, 5s, 5m or 2h")
            }
            delays.append(delay)
        }
        return WebhookRetrySchedule(delays: delays)
    }

    /// A duration such as `500ms`, `5s`, `5m` or `2h`.
    public static func parseDuration(_ token: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, scale) in units where token.hasSuffix(unit) {
            guard let value = Int64(token.dropLast(unit.count)), value >= 0 else { return nil }
            return .milliseconds(value * scale)
        }
        return nil
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
