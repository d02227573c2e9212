import BrushfireCore

/// The knobs of one simulation run. The same options always give the same events.
public struct SimulationOptions: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Simulated days. Stories need two days of history first, so any scenario but `background` runs at least 3.
    public var days: Int = 3
    public var shops: Int = 300
    /// Background orders on an average day, spread over the shops by a heavy-tailed size distribution.
    public var ordersPerDay: Int = 45_000
    /// Buyer accounts in the background population.
    public var buyers: Int = 40_000
    /// Start of the first simulated day, epoch milliseconds; the default is 2026-11-09T00:00:00+08:00.
    public var start: Int64 = SimulationOptions.defaultStart

    public static let defaultStart: Int64 =
        Int64(Timestamp.daysFromCivil(year: 2026, month: 11, day: 9)) * 86_400_000
        - 8 * 3_600_000

    public init(
        seed: UInt64 = 1, days: Int = 3, shops: Int = 300, ordersPerDay: Int = 45_000, buyers: Int = 40_000,
        start: Int64 = SimulationOptions.defaultStart
    ) {
        self.seed = seed
        self.days = days
        self.shops = shops
        self.ordersPerDay = ordersPerDay
        self.buyers = buyers
        self.start = start
    }
}
