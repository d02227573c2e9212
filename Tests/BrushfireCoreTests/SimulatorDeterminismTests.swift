import BrushfireCore
import BrushfireSimulator
import Testing

@Suite("Simulator determinism and stream shape")
struct SimulatorDeterminismTests {
    @Test("The same seed gives the same events and truth", arguments: ScenarioName.allCases)
    func sameSeedSameStream(scenario: ScenarioName) {
        let first = Simulator.run(scenario, options: SimulatorFixtures.small)
        let second = Simulator.run(scenario, options: SimulatorFixtures.small)
        #expect(first.events.count == second.events.count)
        #expect(first.events == second.events)
        #expect(first.truth == second.truth)
    }

    @Test("A different seed gives a different stream", arguments: [ScenarioName.background, .reverseBrushing])
    func differentSeedDifferentStream(scenario: ScenarioName) {
        var other = SimulatorFixtures.small
        other.seed += 1
        let first = Simulator.run(scenario, options: SimulatorFixtures.small)
        let second = Simulator.run(scenario, options: other)
        #expect(first.events != second.events)
        #expect(first.events.prefix(100).map(\.timestamp) != second.events.prefix(100).map(\.timestamp))
    }

    @Test("A story leaves the background untouched", arguments: [ScenarioName.reverseBrushing, .extortionRing])
    func storyKeepsBackground(scenario: ScenarioName) {
        let background = Simulator.run(.background, options: SimulatorFixtures.small)
        let story = Simulator.run(scenario, options: SimulatorFixtures.small)
        let storyIDs = Set(story.events.map(\.eventID))
        #expect(background.events.allSatisfy { storyIDs.contains($0.eventID) })
        #expect(story.events.count > background.events.count)
    }

    @Test("Events are sorted by time then id, with unique ids", arguments: ScenarioName.allCases)
    func sortedAndUnique(scenario: ScenarioName) {
        let events = Simulator.run(scenario, options: SimulatorFixtures.small).events
        #expect(!events.isEmpty)
        let sorted = zip(events, events.dropFirst()).allSatisfy { a, b in
            a.timestamp < b.timestamp || (a.timestamp == b.timestamp && a.eventID < b.eventID)
        }
        #expect(sorted)
        #expect(Set(events.map(\.eventID)).count == events.count)
        let orders = events.filter { $0.type == .order }
        #expect(Set(orders.compactMap(\.orderID)).count == orders.count)
        let records = events.filter { $0.type != .order }
        #expect(Set(records.compactMap(\.recordID)).count == records.count)
    }

    @Test("Every event lies in the simulated period", arguments: ScenarioName.allCases)
    func insideThePeriod(scenario: ScenarioName) {
        let options = SimulatorFixtures.small
        let events = Simulator.run(scenario, options: options).events
        let end = options.start + Int64(Simulator.days(for: scenario, options: options)) * SimulatorFixtures.day
        #expect(events.first!.timestamp >= options.start)
        #expect(events.last!.timestamp < end)
    }

    @Test("Refunds, reviews and order complaints follow their own order", arguments: ScenarioName.allCases)
    func followUpsMatchTheirOrder(scenario: ScenarioName) {
        let events = Simulator.run(scenario, options: SimulatorFixtures.small).events
        let index = StreamIndex(events)
        var problems: [String] = []
        for event in events where event.type != .order {
            guard let orderID = event.orderID else {
                if event.type != .complaint { problems.append("\(event.eventID) has no order") }
                continue
            }
            guard let order = index.orders[orderID] else {
                problems.append("\(event.eventID) refers to unknown \(orderID)")
                continue
            }
            if order.shopID != event.shopID || order.buyerID != event.buyerID || order.timestamp > event.timestamp {
                problems.append("\(event.eventID) does not match \(orderID)")
            }
            if event.type == .refund, let amount = event.amountCents, amount > order.amountCents! {
                problems.append("\(event.eventID) refunds more than \(orderID) cost")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("Stories start after two days of history, even when fewer days are asked for")
    func historyBeforeStories() {
        var options = SimulatorFixtures.small
        options.days = 1
        for scenario in ScenarioName.allCases where scenario != .background && scenario != .sharedDorm {
            let simulation = Simulator.run(scenario, options: options)
            let truth = simulation.truth[0]
            #expect(truth.start >= options.start + 2 * SimulatorFixtures.day, "\(scenario)")
            let days = Int64(Simulator.days(for: scenario, options: options))
            #expect(simulation.events.last!.timestamp < options.start + days * SimulatorFixtures.day)
        }
        #expect(
            Simulator.run(.background, options: options).events.last!.timestamp
                < options.start + SimulatorFixtures.day)
    }

    @Test("Degenerate sizes give a valid, possibly empty, stream instead of a crash")
    func degenerateSizes() {
        let options = SimulationOptions(seed: 3, days: 0, shops: 1, ordersPerDay: 0, buyers: 0)
        for scenario in ScenarioName.allCases {
            let simulation = Simulator.run(scenario, options: options)
            #expect(simulation.truth.count == (scenario == .background ? 0 : 1))
            #expect(Set(simulation.events.map(\.eventID)).count == simulation.events.count)
        }
    }
}
