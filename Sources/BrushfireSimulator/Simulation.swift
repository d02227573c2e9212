import BrushfireCore

/// The result of a run: the event stream and what was planted in it.
public struct Simulation: Sendable {
    /// Sorted by time, then event id.
    public var events: [Event]
    /// One entry per planted story; empty for `background`.
    public var truth: [ScenarioTruth]

    public init(events: [Event], truth: [ScenarioTruth]) {
        self.events = events
        self.truth = truth
    }
}
