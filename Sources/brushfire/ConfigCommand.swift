import ArgumentParser

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'config' is not implemented yet")
    }
}
