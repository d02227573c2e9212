import ArgumentParser
import BrushfireCore

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Work with rules files.",
        subcommands: [Check.self, Defaults.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a rules file; report every error with its line number.")

        @Argument(help: "The rules file (YAML).")
        var file: String

        func run() async throws {
            let errors = Rules.check(yaml: try readTextFile(file))
            if errors.isEmpty {
                print("\(file): ok")
                return
            }
            for error in errors { Stderr.line("\(file):\(error)") }
            throw ExitCode(1)
        }
    }

    struct Defaults: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the built-in rules as a YAML rules file.")

        func run() async throws {
            print(Rules.defaults.yaml())
        }
    }
}
