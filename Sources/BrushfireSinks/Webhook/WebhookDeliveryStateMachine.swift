/// The attempts of one delivery to one endpoint, as a value: told how each attempt ended, it says what to do.
///
/// It does no I/O and reads no clock: the dispatcher rebuilds it from the outbox row, calls
/// `startAttempt(now:)`, sends, reports the outcome with the current time, and stores what the returned action
/// says. Retries follow the schedule's points in time from the first attempt; a `Retry-After` on 429 or 503 sets
/// the next attempt instead but never ends the schedule sooner.
public struct WebhookDeliveryStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case waiting
        case sending
        case delivered
        case failed(reason: String)
        /// The schedule ran out without an answer worth keeping; the delivery probes its endpoint.
        case exhausted(reason: String)
        /// The endpoint answered 410 Gone; the delivery waits for the endpoint to be enabled again.
        case endpointGone
    }

    public enum Action: Sendable, Equatable {
        /// A 2xx: the delivery is done.
        case markDelivered
        /// Try again at this epoch millisecond.
        case retry(at: Int64, reason: String)
        /// The receiver rejected the delivery (4xx) too often: keep it as failed, for an operator to redeliver;
        /// the queue moves on.
        case markFailed(reason: String)
        /// The schedule ran out while the endpoint was down: keep the delivery as failed but probe the endpoint
        /// with it again at `probeAt` (within the recovery window), holding the queue behind it.
        case markExhausted(reason: String, probeAt: Int64)
        /// 410 Gone: stop delivering to this endpoint; the delivery stays pending.
        case disableEndpoint(reason: String)
    }

    public private(set) var state: State = .waiting
    /// Attempts made so far, including one being sent.
    public private(set) var attempts: Int
    /// Attempts answered with a 4xx that counts against `schedule.clientErrorAttempts`.
    public private(set) var clientErrors: Int
    /// When the first attempt started, epoch milliseconds; the schedule's points count from it.
    public private(set) var firstAttemptAt: Int64?
    /// Whether the schedule already ran out and this attempt is a probe of the endpoint.
    public let isProbe: Bool
    public let schedule: WebhookRetrySchedule

    public init(
        schedule: WebhookRetrySchedule, attempts: Int = 0, clientErrors: Int = 0, firstAttemptAt: Int64? = nil,
        isProbe: Bool = false
    ) {
        self.schedule = schedule
        self.attempts = attempts
        self.clientErrors = clientErrors
        self.firstAttemptAt = firstAttemptAt
        self.isProbe = isProbe
    }

    /// Begins the next attempt at `now` and returns its number (1-based).
    public mutating func startAttempt(now: Int64) -> Int {
        precondition(state == .waiting, "startAttempt() in state \(state)")
        state = .sending
        attempts += 1
        if firstAttemptAt == nil { firstAttemptAt = now }
        return attempts
    }

    /// The endpoint answered with an HTTP status; `retryAfter` is the raw `Retry-After` header, if any.
    public mutating func responseReceived(
        status: Int, retryAfter: String?, now: Int64, using random: inout some RandomNumberGenerator
    ) -> Action {
        precondition(state == .sending, "responseReceived() in state \(state)")
        let reason = "HTTP \(status)"
        switch status {
        case 200..<300:
            state = .delivered
            return .markDelivered
        case 410:
            state = .endpointGone
            return .disableEndpoint(reason: "HTTP 410 Gone")
        case 429, 503:
            if let wait = WebhookRetryAfter.delay(retryAfter, now: now) {
                let capped = min(wait, WebhookRetrySchedule.milliseconds(schedule.maximumRetryAfter))
                return retryOrExhaust(reason + " with Retry-After", now: now, earliest: now + capped, using: &random)
            }
            return retryOrExhaust(reason, now: now, earliest: nil, using: &random)
        case 408, 500...:
            return retryOrExhaust(reason, now: now, earliest: nil, using: &random)
        default:
            clientErrors += 1
            if clientErrors >= schedule.clientErrorAttempts {
                let reason = "\(reason); gave up after \(clientErrors) client error\(clientErrors == 1 ? "" : "s")"
                state = .failed(reason: reason)
                return .markFailed(reason: reason)
            }
            return retryOrExhaust(reason, now: now, earliest: nil, using: &random)
        }
    }

    /// The request got no HTTP answer: connection refused, timeout, reset.
    public mutating func requestFailed(
        _ reason: String, now: Int64, using random: inout some RandomNumberGenerator
    ) -> Action {
        precondition(state == .sending, "requestFailed() in state \(state)")
        return retryOrExhaust(reason, now: now, earliest: nil, using: &random)
    }

    /// The next point of the schedule, or `earliest` when the receiver named one; once the schedule has no
    /// point left after `now`, the delivery is exhausted and probes the endpoint every `probeInterval` (or when
    /// `Retry-After` says).
    private mutating func retryOrExhaust(
        _ reason: String, now: Int64, earliest: Int64?, using random: inout some RandomNumberGenerator
    ) -> Action {
        let first = firstAttemptAt ?? now
        if !isProbe, let next = schedule.nextAttempt(firstAttemptAt: first, failedAt: now, using: &random) {
            state = .waiting
            return .retry(at: earliest ?? next, reason: reason)
        }
        let (probeAfterInterval, overflow) = now.addingReportingOverflow(
            WebhookRetrySchedule.milliseconds(schedule.probeInterval))
        let probeAt = earliest ?? (overflow ? .max : probeAfterInterval)
        let why =
            isProbe
            ? reason
            : "\(reason); retry schedule used up after \(attempts) attempt\(attempts == 1 ? "" : "s") in "
                + WebhookRetrySchedule.describe(milliseconds: now - first)
        state = .exhausted(reason: why)
        return .markExhausted(reason: why, probeAt: probeAt)
    }
}
