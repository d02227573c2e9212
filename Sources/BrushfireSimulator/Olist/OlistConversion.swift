import BrushfireCore

/// The events made from the Olist dataset, and what was read, kept and skipped.
public struct OlistConversion: Sendable {
    /// Sorted by time, then event id.
    public var events: [Event]
    /// Data rows read from each file (headers excluded).
    public var rows: [OlistFile: Int]
    /// Order events: one per (order, seller).
    public var orderEvents: Int
    /// Refund events: one per order event of a `canceled` order.
    public var refundEvents: Int
    /// Review events: one per review and seller of its order.
    public var reviewEvents: Int
    /// Orders with no item rows: no seller is known, so they make no event.
    public var ordersWithoutItems: Int
    /// Orders whose status is `canceled`, with or without items.
    public var canceledOrders: Int
    /// Canceled orders with items that record no approval, hand-over or delivery: their refunds are placed at the
    /// purchase time.
    public var refundTimesFilled: Int
    /// Reviews of orders with no item rows, left out.
    public var reviewsWithoutItems: Int
    /// Reviews whose answer time precedes their order's purchase time in the data (kept as they are).
    public var reviewsBeforeOrder: Int
}
