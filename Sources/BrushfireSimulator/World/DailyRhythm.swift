/// When in a China-time day people shop: a night trough, a lunch peak and a larger evening peak.
struct DailyRhythm: Sendable {
    /// Relative order rate for each hour 00–23, China time.
    static let hourlyWeights: [Double] = [
        0.60, 0.35, 0.20, 0.12, 0.10, 0.12, 0.25, 0.45, 0.70, 0.90, 1.00, 1.10,
        1.30, 1.15, 0.95, 0.95, 0.95, 1.00, 1.10, 1.30, 1.60, 1.75, 1.50, 1.00,
    ]

    private let hours = WeightedSampler(weights: hourlyWeights)

    /// Milliseconds after local midnight for one order.
    func sampleOffset(_ rng: inout SplitMix64) -> Int64 {
        Int64(hours.sample(&rng)) * 3_600_000 + rng.int64(in: 0...3_599_999)
    }
}
