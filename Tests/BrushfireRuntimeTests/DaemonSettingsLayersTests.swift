import BrushfireRuntime
import Configuration
import Foundation
import Synchronization
import Testing

/// The daemon's settings in layers through swift-configuration: flags over environment over the file over the
/// defaults, errors that name the place a value came from, and secrets that never show.
@Suite("Daemon configuration: layers through swift-configuration")
struct DaemonSettingsLayersTests {
    /// A configuration file written to a directory of its own, read back as `brushfire run --config` reads it.
    struct ConfigFile {
        let path: String

        init(_ yaml: String) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-config-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("brushfire.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        }

        var layer: (path: String, yaml: String) {
            get throws { (path, try String(contentsOfFile: path, encoding: .utf8)) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    static let fileYAML = """
        kafka:
          brokers: file:9092
          group: from-file
          topics: [file-events]
          properties:
            security.protocol: SASL_SSL
            sasl.username: file-user
        daemon:
          max_batch: 500
          stats_interval_ms: 1000
        state:
          dir: /var/lib/brushfire
          instance: from-file
        """

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws {
        let file = try ConfigFile(Self.fileYAML)
        defer { file.remove() }
        var flags = CommandLineSettings()
        flags.set("kafka.brokers", "flag:9092", flag: "--brokers")
        flags.set("daemon.stats_interval_ms", 0, flag: "--stats-interval-ms")
        flags.set(SettingKey("kafka.properties").appending("sasl.username"), "flag-user", flag: "--property")
        let environment = [
            "BRUSHFIRE_BROKERS": "env:9092", "BRUSHFIRE_GROUP": "from-env", "BRUSHFIRE_STATE_INSTANCE": "from-env",
            "BRUSHFIRE_KAFKA_SASL_USERNAME": "env-user", "BRUSHFIRE_KAFKA_SASL_MECHANISM": "PLAIN",
        ]
        let settings = try DaemonConfiguration(
            layers: .daemon(flags: flags, environment: environment, file: try file.layer))

        #expect(settings.brokers == "flag:9092")  // flag over environment over file
        #expect(settings.group == "from-env")  // environment over file
        #expect(settings.topics == ["file-events"])  // the file over the default
        #expect(settings.maxBatch == 500)
        #expect(settings.statsInterval == .zero)  // flag over file
        #expect(settings.idleAfter == DaemonConfiguration().idleAfter)  // nobody sets it: the default
        #expect(settings.state?.path == "/var/lib/brushfire" && settings.state?.instance == "from-env")
        #expect(
            settings.kafkaProperties == [
                "security.protocol": "SASL_SSL", "sasl.username": "flag-user", "sasl.mechanism": "PLAIN",
            ])
    }

    @Test func eachValueSaysWhichLayerGaveIt() throws {
        let file = try ConfigFile(Self.fileYAML)
        defer { file.remove() }
        var flags = CommandLineSettings()
        flags.set("kafka.brokers", "flag:9092", flag: "--brokers")
        let layers = try SettingsLayers.daemon(
            flags: flags, environment: ["BRUSHFIRE_GROUP": "from-env"], file: try file.layer)
        #expect(layers.origin(of: "kafka.brokers") == "--brokers")
        #expect(layers.origin(of: "kafka.group") == "BRUSHFIRE_GROUP")
        #expect(layers.origin(of: "daemon.max_batch") == "\(file.path):9:14")
        #expect(layers.origin(of: "daemon.idle_after_ms") == nil)
    }

    @Test func anUnknownKeyInTheFileNamesTheFileLineAndColumnAndTheKeysExpected() throws {
        let file = try ConfigFile("kafka:\n  brokers: a:1\n  topiks: [x]\n")
        defer { file.remove() }
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(layers: .daemon(environment: [:], file: try file.layer))
        }
        #expect(error?.location == "\(file.path):3:3")
        #expect(error?.message.hasPrefix("unknown setting 'kafka.topiks' (expected one of: brokers, topics,") == true)
    }

    @Test func aBadValueInTheFileNamesItsLineAndColumn() throws {
        let file = try ConfigFile("daemon:\n  max_batch: lots\nadmin:\n  address: nowhere\n")
        defer { file.remove() }
        let wrongType = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(layers: .daemon(file: try file.layer))
        }
        #expect(wrongType?.description == "\(file.path):2:14: daemon.max_batch must be a whole number")
        // The environment's value is the one read, so the file's bad one does not matter.
        let fixed = try ConfigFile("admin:\n  address: nowhere\n")
        defer { fixed.remove() }
        let settings = try DaemonConfiguration(
            layers: .daemon(environment: ["BRUSHFIRE_ADMIN": ":9555"], file: try fixed.layer))
        #expect(settings.admin?.address == "127.0.0.1:9555")
        let badAddress = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(layers: .daemon(environment: [:], file: try fixed.layer))
        }
        #expect(badAddress?.location == "\(fixed.path):2:12")
    }

    @Test(arguments: [
        (["BRUSHFIRE_ADMIN": "nowhere"], "BRUSHFIRE_ADMIN", "admin address 'nowhere' must be HOST:PORT"),
        (["BRUSHFIRE_TOPICS": " , "], "BRUSHFIRE_TOPICS", "kafka.topics names no topic"),
        (["BRUSHFIRE_KAFKA_": "x"], "BRUSHFIRE_KAFKA_", "no property named"),
    ])
    func aBadValueInTheEnvironmentNamesTheVariable(environment: [String: String], variable: String, message: String)
        throws
    {
        let file = try ConfigFile(Self.fileYAML)
        defer { file.remove() }
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(layers: .daemon(environment: environment, file: try file.layer))
        }
        #expect(error?.location == variable)
        #expect(error?.message.contains(message) == true)
    }

    @Test func aBadValueOnTheCommandLineNamesTheFlag() throws {
        var flags = CommandLineSettings()
        flags.set("daemon.idle_after_ms", 0, flag: "--idle-after-ms")
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(layers: .daemon(flags: flags, environment: [:]))
        }
        #expect(error?.description == "--idle-after-ms: daemon.idle_after_ms must be at least 1")
    }

    /// Records what swift-configuration reports of each lookup, as its access loggers would print it.
    final class RecordingReporter: AccessReporter {
        private let events = Mutex<[String]>([])
        var lines: [String] { events.withLock { $0 } }
        func report(_ event: AccessEvent) { events.withLock { $0.append("\(event)") } }
    }

    @Test func secretsAreReadAsSecretsSoReportsRedactThem() throws {
        let webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let file = try ConfigFile(
            """
            admin:
              token: file-admin-token
            webhooks:
              endpoints:
                - name: soc
                  url: https://soc.example.com/hooks/brushfire
                  secret: \(webhookSecret)
            """)
        defer { file.remove() }
        let reporter = RecordingReporter()
        let environment = ["BRUSHFIRE_KAFKA_SASL_PASSWORD": "env-sasl-password", "BRUSHFIRE_GROUP": "fraud"]
        let settings = try DaemonConfiguration(
            layers: .daemon(environment: environment, file: try file.layer, accessReporter: reporter))
        #expect(settings.admin?.token == "file-admin-token")
        #expect(settings.kafkaProperties["sasl.password"] == "env-sasl-password")
        #expect(settings.webhookEndpoints.first?.secrets.count == 1)

        let report = reporter.lines.joined(separator: "\n")
        for secret in ["file-admin-token", "env-sasl-password", webhookSecret] {
            #expect(!report.contains(secret), "\(secret) appears in the access report")
        }
        #expect(report.contains("<REDACTED>"))
        #expect(report.contains("fraud"))  // what is not secret still shows
    }

    /// `brushfire config check` prints the settings in effect, layered as `brushfire run` would, and no secret.
    @Test(.enabled(if: AdminConfigurationTests.executable != nil, "the brushfire executable is not built"))
    func configCheckPrintsTheEffectiveSettingsAndNoSecret() throws {
        let webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let file = try ConfigFile(
            """
            kafka:
              brokers: file:9092
              group: from-file
              properties: {sasl.password: file-sasl-password, sasl.mechanism: PLAIN}
            admin:
              address: ":9555"
              token: file-admin-token
            webhooks:
              endpoints:
                - {name: soc, url: "https://soc.example.com/in?token=url-token", secret: \(webhookSecret)}
            """)
        defer { file.remove() }
        let checked = try Self.run(
            ["config", "check", file.path],
            environment: ["BRUSHFIRE_GROUP": "from-env", "BRUSHFIRE_KAFKA_SSL_KEY_PASSWORD": "env-key-password"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("group: from-env") && checked.stdout.contains("brokers: file:9092"))
        #expect(checked.stdout.contains("kafka sasl.mechanism: PLAIN"))
        #expect(checked.stdout.contains("admin: 127.0.0.1:9555, token (hidden)"))
        for secret in ["file-sasl-password", "env-key-password", "file-admin-token", webhookSecret, "url-token"] {
            #expect(!checked.stdout.contains(secret) && !checked.stderr.contains(secret), "\(secret) was printed")
        }

        let broken = try ConfigFile("kafka:\n  brokers: a:1\ndaemon:\n  max_bach: 5\n")
        defer { broken.remove() }
        let refused = try Self.run(["config", "check", broken.path], environment: [:])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(broken.path):4:3: unknown setting 'daemon.max_bach'"))
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AdminConfigurationTests.executable!)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
