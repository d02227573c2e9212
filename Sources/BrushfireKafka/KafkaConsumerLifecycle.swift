/// The consumer's life as its poll thread sees it: consuming, then stopped (fetching has ended and the
/// application drains what was buffered), then closing, then closed.
///
/// librdkafka requires every rebalance event to be answered, including those that arrive while the consumer
/// leaves the group, until `rd_kafka_consumer_closed` reports closed; only then may the handle be destroyed
/// (a handle destroyed with an assignment in progress aborts in `rd_kafka_cgrp_terminated`). This value decides,
/// for each rebalance event and each step of the close, what the poll thread does.
struct KafkaConsumerLifecycle: Equatable {
    enum State: Equatable {
        case consuming
        /// Fetching has ended; no close has been asked for yet.
        case stopped
        /// Leaving the group (`commit`) or dropping the handle as a crash would (`!commit`).
        case closing(commit: Bool)
        case closed
    }

    /// How a rebalance event is answered.
    enum RebalanceAnswer: Equatable {
        /// Assign (at the application's starting offsets) and announce the partitions to the application.
        case assignAndAnnounce
        /// Hand the revocation to the application, wait for it, commit, unassign.
        case revokeWithApplication
        /// Closing: answer as librdkafka asks (assign, or unassign) without involving the application, which has
        /// finished with the partitions.
        case answerQuietly
    }

    /// The next step of a close.
    enum CloseStep: Equatable {
        /// Serve the consumer queue again (rebalance events may still come).
        case keepServing
        /// `rd_kafka_consumer_closed` reports closed: destroy the handle.
        case destroy
        /// The close did not finish in time: leave the handle undestroyed (destroying it now could abort) and
        /// report it; the group notices this member gone at its session timeout.
        case abandon
    }

    private(set) var state = State.consuming

    var isConsuming: Bool { state == .consuming }

    /// Fetching ends. Returns whether this changed anything.
    @discardableResult
    mutating func stopFetching() -> Bool {
        guard state == .consuming else { return false }
        state = .stopped
        return true
    }

    /// A close is asked for. Returns whether this request starts it (later requests wait for the first).
    mutating func close(commit: Bool) -> Bool {
        switch state {
        case .consuming, .stopped:
            state = .closing(commit: commit)
            return true
        case .closing, .closed:
            return false
        }
    }

    func answer(assign: Bool) -> RebalanceAnswer {
        switch state {
        case .consuming: assign ? .assignAndAnnounce : .revokeWithApplication
        case .stopped, .closing, .closed: .answerQuietly
        }
    }

    /// One turn of the close loop: `closedByLibrary` is `rd_kafka_consumer_closed`, `timedOut` whether the close
    /// has taken longer than its limit.
    mutating func closeStep(closedByLibrary: Bool, timedOut: Bool) -> CloseStep {
        guard case .closing = state else { return .keepServing }
        if closedByLibrary {
            state = .closed
            return .destroy
        }
        if timedOut {
            state = .closed
            return .abandon
        }
        return .keepServing
    }

    /// The handle was destroyed without a close protocol (the crash-like close).
    mutating func destroyed() {
        state = .closed
    }
}
