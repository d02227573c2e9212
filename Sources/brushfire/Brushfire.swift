import ArgumentParser

@main
struct Brushfire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brushfire",
        abstract: "Watches order, refund, review and complaint events and raises alerts on attacks and abuse rings.",
        subcommands: [
            RunCommand.self, ReplayCommand.self, BacktestCommand.self, SimulateCommand.self, RulesCommand.self,
            ConfigCommand.self,
            BrokerCommand.self, ProduceCommand.self, WebhooksCommand.self, BenchCommand.self, ConvertCommand.self,
        ]
    )
}
