import BrushfireKafka
import BrushfireRuntime
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
