import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet implemented)")

    func run() async throws {
        throw ValidationError("'bench' is not implemented yet")
    }
}
