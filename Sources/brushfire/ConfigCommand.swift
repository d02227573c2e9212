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
                Errors name the file, line and column (or the environment variable). The environment (BRUSHFIRE_*) \
                is laid over the file, as `brushfire run` would; pass --no-environment to check the file alone. \
                Secrets (tokens, webhook secrets, Kafka passwords and keys) are never printed.
                """
        )

        @Argument(help: "The YAML configuration file.")
        var file: String

        @Flag(name: .customLong("no-environment"), help: "Ignore BRUSHFIRE_* environment variables.")
        var noEnvironment = false

        func run() async throws {
            let settings: DaemonConfiguration
            do {
                settings = try DaemonConfiguration(
                    layers: .daemon(
                        environment: noEnvironment ? nil : ProcessInfo.processInfo.environment,
                        file: (path: file, yaml: try readTextFile(file))))
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
            for (section, properties) in [
                ("kafka", settings.kafkaProperties), ("kafka consumer", settings.consumerProperties),
                ("kafka producer", settings.producerProperties),
            ] {
                for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
                    print("  \(section) \(name): \(DaemonConfiguration.isSecretProperty(name) ? "(hidden)" : value)")
                }
            }
            if let state = settings.state { print("  state: \(state.path) (instance \(state.instance))") }
            if let admin = settings.admin {
                print("  admin: \(admin.address)\(admin.token == nil ? ", no token" : ", token (hidden)")")
            }
            for endpoint in settings.webhookEndpoints {
                // The host only: a URL's path or query may carry a token of its own.
                let host = URL(string: endpoint.url).flatMap { url in
                    url.host.map { "\(url.scheme ?? "https")://\($0)" }
                }
                print("  webhook \(endpoint.name): \(host ?? "-") (\(endpoint.secrets.count) secret(s), hidden)")
            }
        }
    }
}
