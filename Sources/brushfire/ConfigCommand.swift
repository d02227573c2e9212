import ArgumentParser
import BrushfireCore
import BrushfireRuntime
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with daemon configuration files.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a daemon configuration file (and the rules file it names) and print the result.",
            discussion: """
                Errors name the file, line and column. The environment (BRUSHFIRE_*) is laid over the file, as \
                `brushfire run` would; pass --no-environment to check the file alone.
                """
        )

        @Argument(help: "The YAML configuration file.")
        var file: String

        @Flag(name: .customLong("no-environment"), help: "Ignore BRUSHFIRE_* environment variables.")
        var noEnvironment = false

        func run() async throws {
            var settings = DaemonConfiguration()
            do {
                try settings.apply(yaml: try readTextFile(file), file: file)
                if !noEnvironment { try settings.apply(environment: ProcessInfo.processInfo.environment) }
                try settings.validate()
            } catch let error as ConfigurationError {
                Stderr.line("error: \(error)")
                throw ExitCode.failure
            }
            for rules in [settings.rulesFile, settings.shadowRulesFile].compactMap({ $0 }) {
                let problems = Rules.check(yaml: try readTextFile(rules))
                if !problems.isEmpty {
                    for problem in problems { Stderr.line("error: \(rules): \(problem)") }
                    throw ExitCode.failure
                }
            }
            print("\(file): ok")
            print(
                "  brokers: \(settings.embeddedKafka && settings.brokers == nil ? "embedded" : settings.brokers ?? "-")"
            )
            print("  topics: \(settings.topics.joined(separator: ", "))")
            print("  group: \(settings.group)")
            print("  alerts topic: \(settings.alertsTopic ?? "none")")
            print("  dead-letter topic: \(settings.deadLetterTopic ?? "none")")
            print("  alerts file: \(settings.alertsFile ?? "none")\(settings.alertsToStdout ? ", stdout" : "")")
            print("  rules: \(settings.rulesFile ?? "built-in defaults")")
            if let shadow = settings.shadowRulesFile {
                let sink = settings.shadowAlertsFile ?? settings.shadowAlertsTopic.map { "topic \($0)" } ?? "-"
                print("  shadow rules: \(shadow) (alerts to \(sink))")
            }
            let secret = ["password", "secret", "key"]
            for (name, value) in settings.kafkaProperties.sorted(by: { $0.key < $1.key }) {
                let shown = secret.contains(where: { name.contains($0) }) ? "(hidden)" : value
                print("  kafka \(name): \(shown)")
            }
        }
    }
}
