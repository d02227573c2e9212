import BrushfireKafka
import BrushfireRuntime
import Foundation
import Testing

@Suite("Admin server settings and readiness")
struct AdminConfigurationTests {
    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), (":9000", "127.0.0.1", 9000), ("9100", "127.0.0.1", 9100),
        ("0.0.0.0:80", "0.0.0.0", 80), ("[::1]:9464", "::1", 9464), ("localhost:0", "localhost", 0),
    ])
    func anAddressNamesAHostAndAPortAndDefaultsToLoopback(address: String, host: String, port: Int) throws {
        let parsed = try AdminConfiguration(address: address)
        #expect(parsed.host == host && parsed.port == port)
    }

    @Test(arguments: ["", "host:", "host:port", "127.0.0.1:70000", ":-1"])
    func aMalformedAddressIsRefusedWithItsText(address: String) {
        #expect(throws: ConfigurationError.self) { try AdminConfiguration(address: address) }
    }

    @Test func theFileAndTheEnvironmentSetTheAddressTokenAndLagBound() throws {
        var settings = DaemonConfiguration()
        #expect(settings.admin == nil)
        try settings.apply(
            yaml: """
                admin:
                  address: ":9555"
                  max_ready_lag: 50
                """, file: "brushfire.yaml")
        #expect(settings.admin?.address == "127.0.0.1:9555" && settings.admin?.maxReadyLag == 50)
        try settings.apply(environment: ["BRUSHFIRE_ADMIN_TOKEN": "t0ken", "BRUSHFIRE_ADMIN": "0.0.0.0:9556"])
        #expect(settings.admin?.token == "t0ken" && settings.admin?.address == "0.0.0.0:9556")
        #expect(throws: ConfigurationError.self) {
            try settings.apply(yaml: "admin:\n  adress: \":1\"\n", file: "brushfire.yaml")
        }
    }

    @Test(arguments: ["0.0.0.0:9464", "[::]:9464", "192.168.1.20:9464", "admin.internal:9464", "128.0.0.1:1"])
    func aBindBeyondLoopbackWithoutATokenIsRefused(address: String) throws {
        var settings = DaemonConfiguration()
        settings.embeddedKafka = true
        settings.admin = try AdminConfiguration(address: address)
        let refused = #expect(throws: ConfigurationError.self) { try settings.validate() }
        #expect(refused?.message.contains("without a token") == true)
        #expect(refused?.message.contains("--admin-allow-anonymous") == true)

        settings.admin?.token = "t0ken"
        try settings.validate()
        settings.admin?.token = nil
        settings.admin?.allowAnonymous = true
        try settings.validate()
    }

    @Test(arguments: ["127.0.0.1:9464", ":9464", "127.8.9.10:1", "[::1]:9464", "localhost:0", "LOCALHOST:1"])
    func aLoopbackBindNeedsNoToken(address: String) throws {
        var settings = DaemonConfiguration()
        settings.embeddedKafka = true
        settings.admin = try AdminConfiguration(address: address)
        #expect(settings.admin?.bindsLoopbackOnly == true)
        try settings.validate()
    }

    @Test func theFileCanAllowAnAnonymousBind() throws {
        var settings = DaemonConfiguration()
        try settings.apply(yaml: "kafka:\n  embedded: true\nadmin:\n  address: 0.0.0.0:9464\n", file: "a.yaml")
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        try settings.apply(yaml: "admin:\n  allow_anonymous: true\n", file: "b.yaml")
        try settings.validate()
    }

    /// The real command line: `brushfire run --admin 0.0.0.0:PORT` stops before it starts anything.
    @Test(.enabled(if: executable != nil, "the brushfire executable is not built"))
    func runRefusesAnAnonymousBindBeyondLoopback() throws {
        let refused = try Self.run(["run", "--embedded-kafka", "--admin", "0.0.0.0:0", "--stats-interval-ms", "0"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("refusing to serve incidents, buyer ids and fingerprints on 0.0.0.0:0"))
        #expect(refused.stderr.contains("--admin-allow-anonymous"))
    }

    static let executable: String? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("brushfire").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    /// Runs `brushfire` with a 60 s limit (a refused bind exits at once; one that starts would hang the test).
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func readinessNeedsAStartedConsumerWithPartitionsWhoseLagIsKnownAndBounded() {
        var snapshot = AdminSnapshot()
        #expect(snapshot.notReadyReason(maxLag: 100) != nil)
        snapshot.started = true
        #expect(snapshot.notReadyReason(maxLag: 100) == "no partitions assigned")
        let partition = TopicPartition("events", 3)
        snapshot.partitions = [.init(topicPartition: partition, lag: nil)]
        #expect(snapshot.notReadyReason(maxLag: 100)?.contains("not known") == true)
        snapshot.partitions = [.init(topicPartition: partition, lag: 101)]
        #expect(snapshot.notReadyReason(maxLag: 100)?.contains("lags by 101") == true)
        snapshot.partitions = [.init(topicPartition: partition, lag: 100)]
        #expect(snapshot.notReadyReason(maxLag: 100) == nil)
        snapshot.stopped = true
        #expect(snapshot.notReadyReason(maxLag: 100) != nil)
    }
}
