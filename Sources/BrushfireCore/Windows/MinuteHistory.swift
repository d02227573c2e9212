/// A shop's orders and refunds per minute of event time over the last day, for charts a person reads. Sparse:
/// one entry per minute that had any, appended in event-time order (events are applied in that order) and
/// trimmed from the front as the day moves on, so a quiet shop costs a few bytes.
public struct MinuteHistory: Sendable {
    /// One minute's counts; `minute` is the epoch minute (`timestamp / 60_000`).
    public struct Minute: Sendable, Equatable {
        public var minute: Int64
        public var orders: Int32
        public var refunds: Int32

        public init(minute: Int64, orders: Int32 = 0, refunds: Int32 = 0) {
            self.minute = minute
            self.orders = orders
            self.refunds = refunds
        }
    }

    /// How many minutes of history are held behind the newest.
    public static let horizonMinutes: Int64 = 24 * 60

    // Internal rather than private: the checkpoint encoding (Checkpoint+Shop.swift) writes and reads them.
    var entries: [Minute] = []
    /// Entries before this index have left the horizon.
    var head = 0

    public init() {}

    /// Counts an order or a refund at `timestamp`; other event types are not charted. A timestamp older than the
    /// newest minute held (which applying events in order never gives) is folded into that minute.
    public mutating func record(_ type: EventType, at timestamp: Int64) {
        guard type == .order || type == .refund else { return }
        let minute = Self.minute(of: timestamp)
        if head < entries.count, entries[entries.count - 1].minute >= minute {
            // A static helper: calling a method of `self` here would copy `self`, and with it the entries.
            Self.count(type, into: &entries[entries.count - 1])
            return
        }
        var entry = Minute(minute: minute)
        Self.count(type, into: &entry)
        entries.append(entry)
        while head < entries.count, entries[head].minute <= minute - Self.horizonMinutes { head += 1 }
        if head >= 64, head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// The minutes with any orders or refunds whose start lies in `[start, end)` (epoch milliseconds), oldest first.
    public func minutes(from start: Int64, to end: Int64) -> [Minute] {
        let first = Self.minute(of: start)
        let last = Self.minute(of: end - 1)
        return entries[head...].filter { $0.minute >= first && $0.minute <= last }
    }

    /// Every minute held, oldest first.
    public var all: [Minute] { Array(entries[head...]) }

    static func minute(of timestamp: Int64) -> Int64 {
        timestamp >= 0 ? timestamp / 60_000 : (timestamp - 59_999) / 60_000
    }

    private static func count(_ type: EventType, into entry: inout Minute) {
        if type == .order { entry.orders += 1 } else { entry.refunds += 1 }
    }
}
