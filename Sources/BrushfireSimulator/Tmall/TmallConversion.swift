import BrushfireCore

/// The events made from a Tmall order report, and what was kept and skipped.
public struct TmallConversion: Sendable {
    /// Sorted by time, then event id.
    public var events: [Event]
    /// Data rows read (the header excluded).
    public var rows: Int
    /// Paid orders, each one order event.
    public var paidOrders: Int
    /// Orders never paid, left out.
    public var unpaidSkipped: Int
    /// Refund events (paid orders with a refunded amount above zero).
    public var refunds: Int
}
