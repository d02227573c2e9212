import ArgumentParser

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhooks", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'webhooks' is not implemented yet")
    }
}
