/// One closed hour of a shop's orders, as `order_burst`'s long windows read it: what the hour counted, and what
/// the shop's baseline expected of it just before the hour taught the baseline (so a slow attack does not raise
/// the bar it is measured against).
struct ClosedHour: Sendable, Equatable {
    var hour: Int64
    var orders: Int32 = 0
    var vague: Int32 = 0
    var newBuyers: Int32 = 0
    var mismatched: Int32 = 0
    var expected: Double = 0
}

/// A shop's most recently closed hours, oldest first, at most `capacity` of them.
struct ClosedHours: Sendable {
    private(set) var hours: [ClosedHour] = []
    var capacity: Int {
        didSet { trim() }
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    init(hours: [ClosedHour], capacity: Int) {
        self.hours = hours
        self.capacity = capacity
        trim()
    }

    mutating func append(_ tally: HourTally, expected: Double) {
        guard capacity > 0 else { return }
        hours.append(
            ClosedHour(
                hour: tally.hour, orders: Int32(clamping: tally.orders), vague: Int32(clamping: tally.vague),
                newBuyers: Int32(clamping: tally.newBuyers), mismatched: Int32(clamping: tally.mismatched),
                expected: expected))
        trim()
    }

    private mutating func trim() {
        if hours.count > capacity { hours.removeFirst(hours.count - capacity) }
    }

    /// How many closed hours the long windows of `rules` need.
    static func capacity(for rules: Rules.OrderBurst) -> Int {
        Int((rules.longWindows.max() ?? 0) / 3_600_000)
    }
}
