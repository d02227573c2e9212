/// The attempts of one delivery to one endpoint, as a value: told how each attempt ended, it says what to do.
///
/// It does no I/O and reads no clock: the dispatcher rebuilds it from the outbox row, calls `startAttempt()`,
/// sends, reports the outcome with the current time, and stores what the returned action says.
public struct WebhookDeliveryStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case waiting
        case sending
        case delivered
        case failed(reason: String)
        /// The endpoint answered 410 Gone; the delivery waits for the endpoint to be enabled again.
        case endpointGone
    }

    public enum Action: Sendable, Equatable {
        /// A 2xx: the delivery is done.
        case markDelivered
        /// Try again at this epoch millisecond.
        case retry(at: Int64, reason: String)
        /// Give up and keep the delivery as failed, for an operator to redeliver.
        case markFailed(reason: String)
        /// 410 Gone: stop delivering to this endpoint; the delivery stays pending.
        case disableEndpoint(reason: String)
    }

    public private(set) var state: State = .waiting
    /// Attempts made so far, including one being sent.
    public private(set) var attempts: Int
    /// Attempts answered with a 4xx that counts against `schedule.clientErrorAttempts`.
    public private(set) var clientErrors: Int
    public let schedule: WebhookRetrySchedule

    public init(schedule: WebhookRetrySchedule, attempts: Int = 0, clientErrors: Int = 0) {
        self.schedule = schedule
        self.attempts = attempts
        self.clientErrors = clientErrors
    }

    /// Begins the next attempt and returns its number (1-based).
    public mutating func startAttempt() -> Int {
        precondition(state == .waiting, "startAttempt() in state \(state)")
        state = .sending
        attempts += 1
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
            if let wait = WebhookRetryAfter.delay(retryAfter, now: now), attempts < schedule.maximumAttempts {
                state = .waiting
                let capped = min(wait, WebhookRetrySchedule.milliseconds(schedule.maximumRetryAfter))
                return .retry(at: now + capped, reason: reason + " with Retry-After")
            }
            return retryOrFail(reason, now: now, using: &random)
        case 408, 500...:
            return retryOrFail(reason, now: now, using: &random)
        default:
            clientErrors += 1
            if clientErrors >= schedule.clientErrorAttempts {
                return fail("\(reason); gave up after \(clientErrors) client error\(clientErrors == 1 ? "" : "s")")
            }
            return retryOrFail(reason, now: now, using: &random)
        }
    }

    /// The request got no HTTP answer: connection refused, timeout, reset.
    public mutating func requestFailed(
        _ reason: String, now: Int64, using random: inout some RandomNumberGenerator
    ) -> Action {
        precondition(state == .sending, "requestFailed() in state \(state)")
        return retryOrFail(reason, now: now, using: &random)
    }

    private mutating func retryOrFail(
        _ reason: String, now: Int64, using random: inout some RandomNumberGenerator
    ) -> Action {
        guard let delay = schedule.delay(afterAttempt: attempts, using: &random) else {
            return fail("\(reason); gave up after \(attempts) attempt\(attempts == 1 ? "" : "s")")
        }
        state = .waiting
        return .retry(at: now + delay, reason: reason)
    }

    private mutating func fail(_ reason: String) -> Action {
        state = .failed(reason: reason)
        return .markFailed(reason: reason)
    }
}
