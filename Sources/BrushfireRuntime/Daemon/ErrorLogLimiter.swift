/// Decides which repeated errors are logged: the first of each kind, then at most one per kind per interval,
/// carrying how many of that kind were left out since. A value fed with the time, so it is tested without clocks.
struct ErrorLogLimiter: Sendable {
    let intervalMillis: Int64
    private var kinds: [String: (loggedAt: Int64, suppressed: Int)] = [:]

    init(intervalMillis: Int64) {
        self.intervalMillis = intervalMillis
    }

    /// An error of `kind` at `nowMillis`: `nil` to leave it out of the log, or the number left out since the last
    /// one logged (0 for the first).
    mutating func admit(_ kind: String, nowMillis: Int64) -> Int? {
        guard let last = kinds[kind] else {
            kinds[kind] = (nowMillis, 0)
            return 0
        }
        if nowMillis - last.loggedAt >= intervalMillis {
            kinds[kind] = (nowMillis, 0)
            return last.suppressed
        }
        kinds[kind] = (last.loggedAt, last.suppressed + 1)
        return nil
    }
}
