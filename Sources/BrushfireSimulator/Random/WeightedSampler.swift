/// Draws an index with probability proportional to its weight (cumulative table and binary search);
/// all-zero weights draw uniformly.
struct WeightedSampler: Sendable {
    private let cumulative: [Double]

    init(weights: [Double]) {
        precondition(!weights.isEmpty, "a sampler needs at least one weight")
        let positive = weights.contains { $0 > 0 }
        var running = 0.0
        cumulative = weights.map { weight in
            running += positive ? max(weight, 0) : 1
            return running
        }
    }

    var total: Double { cumulative[cumulative.count - 1] }

    func sample(_ rng: inout SplitMix64) -> Int {
        let target = rng.unit() * total
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
