import BrushfireRuntime
import Testing

@Suite("Daemon configuration: shadow rules and their sink")
struct DaemonConfigurationShadowTests {
    @Test func theFileAndTheEnvironmentSetShadowRulesAndTheirSink() throws {
        var settings = DaemonConfiguration()
        settings.brokers = "localhost:9092"
        try settings.apply(
            yaml: """
                shadow_rules: candidate.yaml
                alerts:
                  shadow_file: /var/lib/brushfire/shadow.jsonl
                """, file: "brushfire.yaml")
        #expect(settings.shadowRulesFile == "candidate.yaml")
        #expect(settings.shadowAlertsFile == "/var/lib/brushfire/shadow.jsonl")
        try settings.validate()
        try settings.apply(environment: ["BRUSHFIRE_SHADOW_ALERTS_TOPIC": "brushfire.shadow"])
        #expect(settings.shadowAlertsTopic == "brushfire.shadow")
    }

    @Test func shadowRulesNeedASinkOfTheirOwn() throws {
        var settings = DaemonConfiguration()
        settings.brokers = "localhost:9092"
        settings.shadowRulesFile = "candidate.yaml"
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        settings.shadowAlertsTopic = settings.alertsTopic
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        settings.shadowAlertsTopic = nil
        settings.alertsFile = "alerts.jsonl"
        settings.shadowAlertsFile = "alerts.jsonl"
        #expect(throws: ConfigurationError.self) { try settings.validate() }
        settings.shadowAlertsFile = "shadow.jsonl"
        try settings.validate()
    }

    @Test func anUnknownAlertsKeyNamesTheShadowKeysAndItsLine() {
        var settings = DaemonConfiguration()
        #expect {
            try settings.apply(yaml: "alerts:\n  shadow: x.jsonl\n", file: "b.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("b.yaml:2:") && text.contains("shadow_file, shadow_topic")
        }
    }
}
