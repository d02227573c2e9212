/// One scenario's plot, played on top of the background traffic.
protocol Story: Sendable {
    /// Writes the story's events and says what was planted.
    func play(in context: inout StoryContext, log: inout EventLog) -> ScenarioTruth
}
