import BrushfireRuntime
import FuzzSupport

@main
enum FuzzDaemonConfiguration {
    /// Seeds: every YAML example in the README (from `Scripts/fuzz.sh`), and this file, which sets every section
    /// with values that are valid.
    static func main() { FuzzMain.run(fuzz, seeds: { [("every-section.yaml", Array(everySection.utf8))] }) }

    static let everySection = """
        kafka:
          brokers: kafka-1:9092,kafka-2:9092
          topics: [orders, refunds]
          group: brushfire
          alerts_topic: brushfire.alerts
          dead_letter_topic: ""
          embedded: false
          embedded_partitions: 8
          missing_topic_grace_ms: 60000
          properties: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512}
          consumer: {fetch.wait.max.ms: 100}
          producer: {linger.ms: 2, enable.idempotence: true}
        alerts: {file: /tmp/alerts.jsonl, stdout: true, topic: ~}
        rules: /etc/brushfire/rules.yaml
        daemon:
          idle_after_ms: 2000
          max_batch: 10000
          shutdown_timeout_ms: 30000
          stats_interval_ms: 0
          max_event_bytes: 1048576
        state:
          dir: /var/lib/brushfire
          instance: brushfire-0
          checkpoint_interval_ms: 30000
        admin:
          address: 127.0.0.1:9464
          token: secret-token
          allow_anonymous: false
          max_ready_lag: 10000
          publish_interval_ms: 1000
        webhooks:
          outbox: /var/lib/brushfire/webhooks.sqlite
          endpoints:
            - name: soc
              url: https://soc.example.com/hooks/brushfire
              secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
              retry_schedule: [5s, 5m]

        """
}

/// libFuzzer entry point: the input is a daemon configuration file (`brushfire run --config`). Reading it either
/// fails with an error that names this file, or gives settings that the same file laid over them again leaves
/// unchanged, whose Kafka properties can be computed and which can be validated. Reading is deterministic.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let first = read(text, over: DaemonConfiguration())
    precondition(read(text, over: DaemonConfiguration()) == first, "the same file read twice gives different results")
    switch first {
    case .success(let configuration):
        precondition(
            read(text, over: configuration) == .success(configuration),
            "laying a file over the settings it gave changes them")
        _ = configuration.consumerKafkaProperties
        _ = configuration.producerKafkaProperties
        _ = Result { () throws(ConfigurationError) in try configuration.validate() }
    case .failure(let error):
        precondition(!error.message.isEmpty, "an error without a message")
        precondition(
            error.location == nil || error.location!.hasPrefix(file), "an error that names another place: \(error)")
    }
    return 0
}

private let file = "fuzz.yaml"

private func read(_ text: String, over start: DaemonConfiguration) -> Result<DaemonConfiguration, ConfigurationError> {
    var configuration = start
    do {
        try configuration.apply(yaml: text, file: file)
        return .success(configuration)
    } catch {
        return .failure(error)
    }
}
