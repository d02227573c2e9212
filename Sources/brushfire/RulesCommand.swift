import ArgumentParser

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'rules' is not implemented yet")
    }
}
