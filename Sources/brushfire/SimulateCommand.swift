import ArgumentParser
import BrushfireCore
import BrushfireSimulator

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Writes a deterministic marketplace event stream (JSON lines) with a planted scenario.",
        discussion: """
            Scenarios: \(ScenarioName.allCases.map(\.rawValue).joined(separator: ", ")).
            The same scenario, seed and sizes always give byte-identical output.
            """
    )

    @Option(help: "The story to plant on top of background traffic.")
    var scenario: ScenarioName = .background

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Simulated days (scenarios other than background need at least 3).")
    var days: Int = 3

    @Option(help: "Number of background shops.")
    var shops: Int = 300

    @Option(name: .customLong("orders-per-day"), help: "Background orders on an average day.")
    var ordersPerDay: Int = 45_000

    @Option(help: "Buyer accounts in the background population.")
    var buyers: Int = 40_000

    @Option(help: "Write events here instead of standard output.")
    var out: String?

    @Option(help: "Also write what was planted, as JSON, to this file.")
    var truth: String?

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be between 1 and 366") }
        guard (1...100_000).contains(shops) else { throw ValidationError("--shops must be between 1 and 100000") }
        guard (0...10_000_000).contains(ordersPerDay) else {
            throw ValidationError("--orders-per-day must be between 0 and 10000000")
        }
        guard (1...50_000_000).contains(buyers) else {
            throw ValidationError("--buyers must be between 1 and 50000000")
        }
    }

    func run() async throws {
        let options = SimulationOptions(
            seed: seed, days: days, shops: shops, ordersPerDay: ordersPerDay, buyers: buyers)
        let simulation = Simulator.run(scenario, options: options)
        let writer = try LineWriter(path: out)
        for event in simulation.events { try writer.write(event.jsonLine()) }
        try writer.close()
        if let truth {
            let truthWriter = try LineWriter(path: truth)
            try truthWriter.write(simulation.truthJSON(scenario: scenario, options: options))
            try truthWriter.close()
        }
    }
}

extension ScenarioName: ExpressibleByArgument {}
