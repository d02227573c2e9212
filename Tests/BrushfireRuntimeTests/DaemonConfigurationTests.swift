import BrushfireRuntime
import Testing

@Suite("Daemon configuration: YAML file, environment and their errors")
struct DaemonConfigurationTests {
    @Test func aFileSetsEverySection() throws {
        var settings = DaemonConfiguration()
        try settings.apply(
            yaml: """
                kafka:
                  brokers: broker-1:9092,broker-2:9092
                  topics: [orders, refunds]
                  group: fraud
                  alerts_topic: fraud.alerts
                  dead_letter_topic: ""
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: PLAIN
                  consumer:
                    fetch.wait.max.ms: 100
                alerts:
                  file: /var/log/alerts.jsonl
                  stdout: true
                rules: rules.yaml
                daemon:
                  idle_after_ms: 5000
                  max_batch: 500
                """, file: "brushfire.yaml")
        #expect(settings.brokers == "broker-1:9092,broker-2:9092")
        #expect(settings.topics == ["orders", "refunds"])
        #expect(settings.group == "fraud")
        #expect(settings.alertsTopic == "fraud.alerts")
        #expect(settings.deadLetterTopic == nil)
        #expect(settings.kafkaProperties == ["security.protocol": "SASL_SSL", "sasl.mechanism": "PLAIN"])
        #expect(settings.consumerKafkaProperties["fetch.wait.max.ms"] == "100")
        #expect(settings.consumerKafkaProperties["group.id"] == "fraud")
        #expect(settings.producerKafkaProperties["bootstrap.servers"] == "broker-1:9092,broker-2:9092")
        #expect(settings.alertsFile == "/var/log/alerts.jsonl")
        #expect(settings.alertsToStdout)
        #expect(settings.rulesFile == "rules.yaml")
        #expect(settings.idleAfter == .seconds(5))
        #expect(settings.maxBatch == 500)
    }

    @Test(arguments: [
        ("kafka:\n  brokers: a:1\n  topiks: [x]\n", "f.yaml:3:", "unknown setting 'kafka.topiks'"),
        ("kafka:\n  group: [a, b]\n", "f.yaml:2:", "kafka.group must be a text value"),
        ("daemon:\n  max_batch: lots\n", "f.yaml:2:", "daemon.max_batch must be a whole number"),
        ("kafka:\n  brokers: a:1\n   bad: indentation\n", "f.yaml:3:", "invalid YAML"),
        ("alerts:\n  stdout: maybe\n", "f.yaml:2:", "alerts.stdout must be true or false"),
    ])
    func mistakesNameTheLineAndTheSetting(yaml: String, location: String, message: String) {
        var settings = DaemonConfiguration()
        #expect {
            try settings.apply(yaml: yaml, file: "f.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(location) && text.contains(message)
        }
    }

    @Test func theEnvironmentOverridesTheFileAndPassesKafkaPropertiesThrough() throws {
        var settings = DaemonConfiguration()
        try settings.apply(yaml: "kafka:\n  brokers: file:9092\n  group: from-file\n", file: "f.yaml")
        try settings.apply(environment: [
            "BRUSHFIRE_BROKERS": "env:9092", "BRUSHFIRE_TOPICS": "a, b", "BRUSHFIRE_KAFKA_SASL_PASSWORD": "s3cret",
            "BRUSHFIRE_DEAD_LETTER_TOPIC": "", "HOME": "/root",
        ])
        #expect(settings.brokers == "env:9092")
        #expect(settings.group == "from-file")
        #expect(settings.topics == ["a", "b"])
        #expect(settings.deadLetterTopic == nil)
        #expect(settings.kafkaProperties["sasl.password"] == "s3cret")
    }

    @Test func settingsThatContradictEachOtherAreRejected() {
        var settings = DaemonConfiguration()
        settings.brokers = "a:1"
        settings.topics = ["events", "brushfire.alerts"]
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        settings.topics = ["events"]
        settings.brokers = nil
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        settings.embeddedKafka = true
        #expect(throws: Never.self) { try settings.validate() }
    }

    /// Found by `Scripts/fuzz.sh FuzzDaemonConfiguration`: a file whose duplicated keys include one that is not a
    /// plain name (a list used as a key) gave a different error — keys in another order, another line — each time
    /// it was read, because Yams cannot order keys of different kinds.
    @Test func fuzzFindingDuplicateKeysOfDifferentKindsGiveOneError() {
        let yaml = "? [a]\n: 1\n? [a]\n: 2\nkafka: {}\nkafka: {}\n"
        var errors: Set<String> = []
        for _ in 0..<50 {
            var settings = DaemonConfiguration()
            do {
                try settings.apply(yaml: yaml, file: "brushfire.yaml")
            } catch {
                errors.insert("\(error)")
            }
        }
        #expect(errors == ["brushfire.yaml: duplicate keys 'kafka', a key that is not a plain name"])
    }

    @Test func duplicatePlainKeysAreNamedWithTheirPosition() {
        var settings = DaemonConfiguration()
        #expect {
            try settings.apply(yaml: "kafka:\n  group: a\n  group: b\n", file: "brushfire.yaml")
        } throws: { error in
            "\(error)".hasPrefix("brushfire.yaml:2:") && "\(error)".hasSuffix("duplicate keys 'group'")
        }
    }
}
