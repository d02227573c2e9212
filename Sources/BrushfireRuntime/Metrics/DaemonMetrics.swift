import BrushfireCore
import BrushfireKafka
import Metrics

/// The daemon's metrics, through swift-metrics (Prometheus names):
///
/// - `brushfire_events_total{type}`: events processed by the engine, by type.
/// - `brushfire_events_rejected_total{reason}`: events rejected (decoding reasons, `late`, `too_far_ahead`).
/// - `brushfire_events_late_total`, `brushfire_events_duplicate_total`: late events and redeliveries.
/// - `brushfire_tracked_keys{kind}`: keys the engine holds (shops, buyers, phones, orders, event ids, …).
/// - `brushfire_alerts_total{rule, severity, status}`: alerts emitted.
/// - `brushfire_batch_processing_seconds`: time to decode, ingest and advance one Kafka batch, and deliver its
///   alerts.
/// - `brushfire_consumer_lag{topic, partition}`: messages between the consumer's position and the partition's end.
/// - `brushfire_event_time_seconds`: the engine's event time (processed through), epoch seconds.
/// - `brushfire_open_incidents{rule}`: incidents open now.
/// - `brushfire_admin_snapshot_seconds`: time to copy what the admin server shows out of the engine.
/// - `brushfire_alert_delay_seconds`: event-to-alert delay (see ``AlertDelay``), per alert.
/// - `brushfire_shadow_alerts_total{rule, severity, status}`: alerts the shadow rules emitted (to their own sink).
/// - `brushfire_rules_info{rules="live"|"shadow", version}`: 1 for the rules version in effect, 0 for earlier ones.
/// - `brushfire_rules_reloads_total{result}`: reload requests staged or refused (counted by ``RulesReloader``).
///
/// Counters follow the engine's running totals, so calling ``update(engine:)`` more or less often changes nothing.
struct DaemonMetrics {
    private let factory: any MetricsFactory
    private let events: [Counter]
    private let late: Counter
    private let duplicates: Counter
    private let processing: Metrics.Timer
    private let snapshot: Metrics.Timer
    private let eventTime: Gauge
    private let alertDelay: Metrics.Timer
    private var rejected: [String: Counter] = [:]
    private var alerts: [String: Counter] = [:]
    private var tracked: [String: Gauge] = [:]
    private var lag: [TopicPartition: Gauge] = [:]
    private var openIncidents: [String: Gauge] = [:]
    private var shadowAlerts: [String: Counter] = [:]
    private var rulesInfo: [String: Gauge] = [:]
    private var rulesShown: RulesStatus?
    private var seen = EngineStatistics()

    init(factory: any MetricsFactory) {
        self.factory = factory
        events = EventType.allCases.map {
            Counter(label: "brushfire_events_total", dimensions: [("type", $0.description)], factory: factory)
        }
        late = Counter(label: "brushfire_events_late_total", factory: factory)
        duplicates = Counter(label: "brushfire_events_duplicate_total", factory: factory)
        processing = Metrics.Timer(
            label: "brushfire_batch_processing_seconds", preferredDisplayUnit: .seconds, factory: factory)
        eventTime = Gauge(label: "brushfire_event_time_seconds", factory: factory)
        snapshot = Metrics.Timer(
            label: "brushfire_admin_snapshot_seconds", preferredDisplayUnit: .seconds, factory: factory)
        alertDelay = Metrics.Timer(
            label: "brushfire_alert_delay_seconds", preferredDisplayUnit: .seconds, factory: factory)
        for reason in ["late", "too_far_ahead"] { _ = rejectedCounter(reason) }
    }

    /// Brings the counters up to the engine's totals and sets the gauges.
    mutating func update(engine: Engine) {
        let now = engine.statistics
        for (index, counter) in events.enumerated() where now.eventsByType[index] > seen.eventsByType[index] {
            counter.increment(by: now.eventsByType[index] - seen.eventsByType[index])
        }
        if now.late > seen.late {
            late.increment(by: now.late - seen.late)
            rejectedCounter("late").increment(by: now.late - seen.late)
        }
        if now.tooFarAhead > seen.tooFarAhead {
            rejectedCounter("too_far_ahead").increment(by: now.tooFarAhead - seen.tooFarAhead)
        }
        if now.duplicates > seen.duplicates { duplicates.increment(by: now.duplicates - seen.duplicates) }
        seen = now
        for (kind, count) in engine.trackedKeysByKind.byKind { trackedGauge(kind).record(count) }
        if let time = engine.eventTime { eventTime.record(Double(time) / 1000) }
    }

    /// Counts events the decoder rejected, by reason.
    mutating func rejected(_ reasons: [String: Int]) {
        for (reason, count) in reasons where count > 0 { rejectedCounter(reason).increment(by: count) }
    }

    mutating func emitted(_ emitted: [Alert]) {
        for alert in emitted {
            let key = "\(alert.rule)|\(alert.severity)|\(alert.status.rawValue)"
            if alerts[key] == nil {
                alerts[key] = Counter(
                    label: "brushfire_alerts_total",
                    dimensions: [
                        ("rule", alert.rule), ("severity", alert.severity.description),
                        ("status", alert.status.rawValue),
                    ], factory: factory)
            }
            alerts[key]!.increment()
        }
    }

    mutating func shadowEmitted(_ emitted: [Alert]) {
        for alert in emitted {
            let key = "\(alert.rule)|\(alert.severity)|\(alert.status.rawValue)"
            if shadowAlerts[key] == nil {
                shadowAlerts[key] = Counter(
                    label: "brushfire_shadow_alerts_total",
                    dimensions: [
                        ("rule", alert.rule), ("severity", alert.severity.description),
                        ("status", alert.status.rawValue),
                    ], factory: factory)
            }
            shadowAlerts[key]!.increment()
        }
    }

    /// Sets `brushfire_rules_info` to 1 for the versions in effect and 0 for those no longer.
    mutating func rules(_ status: RulesStatus) {
        guard status != rulesShown else { return }
        rulesShown = status
        var current: Set<String> = ["live|\(status.version)"]
        if let shadow = status.shadowVersion { current.insert("shadow|\(shadow)") }
        for key in current where rulesInfo[key] == nil {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            rulesInfo[key] = Gauge(
                label: "brushfire_rules_info", dimensions: [("rules", parts[0]), ("version", parts[1])],
                factory: factory)
        }
        for (key, gauge) in rulesInfo { gauge.record(current.contains(key) ? 1 : 0) }
    }

    mutating func open(_ incidents: [IncidentRecord]) {
        var byRule: [String: Int] = openIncidents.mapValues { _ in 0 }
        for incident in incidents { byRule[incident.rule, default: 0] += 1 }
        for (rule, count) in byRule {
            if openIncidents[rule] == nil {
                openIncidents[rule] = Gauge(
                    label: "brushfire_open_incidents", dimensions: [("rule", rule)], factory: factory)
            }
            openIncidents[rule]!.record(count)
        }
    }

    func processed(batchNanoseconds: Int64) {
        processing.recordNanoseconds(batchNanoseconds)
    }

    func alertDelayed(microseconds: UInt64) {
        alertDelay.recordNanoseconds(Int64(microseconds) * 1000)
    }

    func published(snapshotNanoseconds: Int64) {
        snapshot.recordNanoseconds(snapshotNanoseconds)
    }

    mutating func lag(_ lags: [TopicPartition: Int64]) {
        for (topicPartition, value) in lags {
            if lag[topicPartition] == nil {
                lag[topicPartition] = Gauge(
                    label: "brushfire_consumer_lag",
                    dimensions: [("topic", topicPartition.topic), ("partition", String(topicPartition.partition))],
                    factory: factory)
            }
            lag[topicPartition]!.record(value)
        }
    }

    private mutating func rejectedCounter(_ reason: String) -> Counter {
        if let counter = rejected[reason] { return counter }
        let counter = Counter(
            label: "brushfire_events_rejected_total", dimensions: [("reason", reason)], factory: factory)
        rejected[reason] = counter
        return counter
    }

    private mutating func trackedGauge(_ kind: String) -> Gauge {
        if let gauge = tracked[kind] { return gauge }
        let gauge = Gauge(label: "brushfire_tracked_keys", dimensions: [("kind", kind)], factory: factory)
        tracked[kind] = gauge
        return gauge
    }
}
