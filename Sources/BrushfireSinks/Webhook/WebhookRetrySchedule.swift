import Foundation

/// When a failed delivery is tried again, by time rather than by count: points in time measured from the
/// delivery's first attempt, and how long its endpoint is probed with it after they run out.
///
/// The default follows Standard Webhooks practice: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
/// later (about 27.6 hours in all). Attempts that a `Retry-After` brings forward do not use up a point: a delivery
/// gives up only when an attempt fails after the last point. Tests pass a schedule of milliseconds.
public struct WebhookRetrySchedule: Sendable, Equatable {
    /// The waits between the points of the schedule; the first point is the first attempt.
    public var delays: [Duration]
    /// Each point is moved later by a random part of up to `jitter` times the wait before it, so that senders
    /// whose receiver comes back do not all arrive at the same instant. Never earlier: no point is skipped.
    public var jitter: Double
    /// Attempts allowed for a delivery answered with a 4xx other than 408, 410 and 429 (a receiver that rejects
    /// the request is unlikely to change its mind soon).
    public var clientErrorAttempts: Int
    /// The longest `Retry-After` obeyed; longer requests are cut to this.
    public var maximumRetryAfter: Duration
    /// How long a delivery whose schedule ran out on an endpoint that did not answer stays the probe of its
    /// endpoint: delivered automatically, before anything queued after it, as soon as the endpoint answers.
    public var recoveryWindow: Duration
    /// How often the endpoint is probed once the head of its queue has used up its schedule.
    public var probeInterval: Duration

    public init(
        delays: [Duration], jitter: Double = 0.2, clientErrorAttempts: Int = 3,
        maximumRetryAfter: Duration = .seconds(10 * 3600), recoveryWindow: Duration = .seconds(3 * 86400),
        probeInterval: Duration = .seconds(3600)
    ) {
        self.delays = delays
        self.jitter = min(max(jitter, 0), 1)
        self.clientErrorAttempts = max(clientErrorAttempts, 1)
        self.maximumRetryAfter = maximumRetryAfter
        self.recoveryWindow = recoveryWindow
        self.probeInterval = probeInterval
    }

    public static let standard = WebhookRetrySchedule(
        delays: [
            .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3600), .seconds(5 * 3600),
            .seconds(10 * 3600), .seconds(10 * 3600),
        ])

    /// From the first attempt to the last point of the schedule.
    public var span: Duration { delays.reduce(.zero, +) }

    /// When to try again after an attempt failed at `now`, for a delivery first tried at `firstAttemptAt` (both
    /// epoch milliseconds): the next point of the schedule after `now`, jittered; `nil` once no point is left.
    public func nextAttempt(
        firstAttemptAt: Int64, failedAt now: Int64, using random: inout some RandomNumberGenerator
    ) -> Int64? {
        var point = firstAttemptAt
        for delay in delays {
            let wait = Self.milliseconds(delay)
            // A schedule built in code may reach past the end of time: its points there never come.
            let (next, overflow) = point.addingReportingOverflow(wait)
            guard !overflow else { return nil }
            point = next
            guard point > now else { continue }
            let spread = Int64((Double(wait) * jitter).rounded(.down))
            let (jittered, late) = point.addingReportingOverflow(
                spread > 0 ? Int64.random(in: 0...spread, using: &random) : 0)
            return late ? point : jittered
        }
        return nil
    }

    /// Parses a comma-separated list of delays such as `5s,5m,30m,2h` (units ms, s, m, h, d).
    public static func parse(_ text: String, field: String = "retry-schedule") throws(WebhookConfigurationError)
        -> WebhookRetrySchedule
    {
        WebhookRetrySchedule(delays: try parseDelays(text.split(separator: ",").map(String.init), field: field))
    }

    /// Delays such as `["5s", "5m", "30m"]`; `field` names the setting in errors.
    public static func parseDelays(_ tokens: [String], field: String) throws(WebhookConfigurationError)
        -> [Duration]
    {
        var delays: [Duration] = []
        for item in tokens {
            let token = item.trimmingCharacters(in: .whitespaces)
            guard let delay = parseDuration(token) else {
                throw WebhookConfigurationError(
                    field: field, reason: "'\(token)' is not a delay such as 500ms, 5s, 5m or 2h (at most 3660d)")
            }
            delays.append(delay)
        }
        return delays
    }

    /// The longest delay, recovery window or probe interval a configuration may give: ten years. Longer ones are
    /// mistakes, and adding them to a time would overflow.
    public static let longestDuration: Int64 = 10 * 366 * 86_400_000

    /// A duration such as `500ms`, `5s`, `5m`, `2h` or `3d`, at most `longestDuration`.
    public static func parseDuration(_ token: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, scale) in units where token.hasSuffix(unit) {
            guard let value = Int64(token.dropLast(unit.count)), value >= 0 else { return nil }
            let (milliseconds, overflow) = value.multipliedReportingOverflow(by: scale)
            guard !overflow, milliseconds <= longestDuration else { return nil }
            return .milliseconds(milliseconds)
        }
        return nil
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// A short human span: `950ms`, `42s`, `5m`, `27h 35m`, `3d`.
    static func describe(milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 3 * 86400 {
            return seconds % 3600 / 60 == 0 ? "\(seconds / 3600)h" : "\(seconds / 3600)h \(seconds % 3600 / 60)m"
        }
        return "\(seconds / 86400)d"
    }
}
