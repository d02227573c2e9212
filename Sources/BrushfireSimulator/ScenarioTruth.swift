/// What a story planted: who, when, which orders and accounts, and which rules should fire on it.
public struct ScenarioTruth: Sendable, Equatable {
    public var scenario: ScenarioName
    /// The shops the story happens at (the victim, the attacked shops, or the benign subject).
    public var subjectShopIDs: [String]
    /// First and last story event, epoch milliseconds.
    public var start: Int64
    public var end: Int64
    /// The story's orders (attack orders, or a benign surge's orders).
    public var attackOrderIDs: [String]
    /// The story's accounts (attackers, complainants, or the benign buyers involved).
    public var attackBuyerIDs: [String]
    /// True when nothing here should raise a high or critical alert.
    public var benign: Bool
    /// Rules that should raise an alert about this story; empty for benign stories.
    public var expectedRules: [String]

    public init(
        scenario: ScenarioName, subjectShopIDs: [String], start: Int64, end: Int64, attackOrderIDs: [String],
        attackBuyerIDs: [String], benign: Bool, expectedRules: [String]
    ) {
        self.scenario = scenario
        self.subjectShopIDs = subjectShopIDs
        self.start = start
        self.end = end
        self.attackOrderIDs = attackOrderIDs
        self.attackBuyerIDs = attackBuyerIDs
        self.benign = benign
        self.expectedRules = expectedRules
    }
}
