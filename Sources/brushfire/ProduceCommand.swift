import ArgumentParser

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'produce' is not implemented yet")
    }
}
