/// Generates deterministic marketplace event streams with planted attacks and benign look-alikes.
public enum Simulator {
    /// Background traffic plus the named story. The same scenario and options always give the same events.
    public static func run(_ scenario: ScenarioName, options: SimulationOptions) -> Simulation {
        let days = days(for: scenario, options: options)
        var worldRNG = SplitMix64(seed: options.seed, stream: 1)
        let world = Marketplace(options: options, days: days, rng: &worldRNG)
        let ordersPerDay = max(options.ordersPerDay, 0)
        var log = EventLog(end: world.end, capacity: ordersPerDay * days * 7 / 5 + 16_384)
        var trafficRNG = SplitMix64(seed: options.seed, stream: 2)
        let firstSeen = BackgroundTraffic(world: world).generate(
            ordersPerDay: ordersPerDay, log: &log, rng: &trafficRNG)
        var truth: [ScenarioTruth] = []
        if let story = story(for: scenario) {
            let streamNumber = UInt64(ScenarioName.allCases.firstIndex(of: scenario)!) + 100
            var context = StoryContext(
                world: world, firstSeen: firstSeen, rng: SplitMix64(seed: options.seed, stream: streamNumber))
            truth.append(story.play(in: &context, log: &log))
        }
        return Simulation(events: log.sorted(), truth: truth)
    }

    /// The days a run of `scenario` simulates: those asked for, or the fewest its story needs.
    public static func days(for scenario: ScenarioName, options: SimulationOptions) -> Int {
        let minimumDays =
            switch scenario {
            case .background: 1
            case .slowGang: Marketplace.historyDays + Int(SlowGangStory.days) + 2
            default: Marketplace.historyDays + 1
            }
        return max(options.days, minimumDays)
    }

    private static func story(for scenario: ScenarioName) -> (any Story)? {
        switch scenario {
        case .background: nil
        case .reverseBrushing: ReverseBrushingStory()
        case .flashSale: FlashSaleStory()
        case .viralNewShop: ViralNewShopStory()
        case .extortionRing: ExtortionRingStory()
        case .refundRing: RefundRingStory()
        case .reviewBombing: ReviewBombingStory()
        case .retaliation: RetaliationStory()
        case .sharedDorm: SharedDormStory()
        case .livestreamSale: LivestreamSaleStory()
        case .promotionBrushing: PromotionBrushingStory()
        case .cleanBrushing: CleanBrushingStory()
        case .slowDrip: SlowDripStory()
        case .agedReviewBombing: AgedReviewBombingStory()
        case .faultyBatch: FaultyBatchStory()
        case .slowGang: SlowGangStory()
        }
    }
}
