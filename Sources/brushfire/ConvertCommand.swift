import ArgumentParser

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'convert' is not implemented yet")
    }
}
