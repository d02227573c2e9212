import BrushfireCore
import BrushfireKafka
import Logging
import Metrics

/// The ingest loop's side of operations: after each batch it brings the metrics up to date, files alerts under
/// their incidents (logging one line per incident change, none per event), and at most every publish interval
/// copies a snapshot of the engine for the admin server. Owned by the ingest task, like the engine.
struct AdminPublisher {
    private let state: AdminState?
    private var metrics: DaemonMetrics
    private var incidents = IncidentLog(resolvedLimit: AdminSnapshot.resolvedKept)
    private let logger: Logger
    private let intervalMillis: Int64
    private var lastPublished: Int64?
    /// The event-to-alert delay of every alert handed to the sinks so far.
    private(set) var alertDelay = AlertDelay()
    /// The evidence packs' material, from the engine's trace (when there is an admin server to serve them).
    private(set) var evidence: EvidenceCollector?

    init(
        state: AdminState?, publishInterval: Swift.Duration, metricsFactory: any MetricsFactory, logger: Logger,
        evidence: EvidenceCollector? = nil
    ) {
        self.state = state
        self.evidence = evidence
        self.metrics = DaemonMetrics(factory: metricsFactory)
        self.logger = logger
        self.intervalMillis = publishInterval.milliseconds
    }

    /// A batch's alerts are being handed to the sinks at `micros` (epoch µs); `triggerTimestamps` are the Kafka
    /// timestamps of the records they are attributed to (-1 for none).
    mutating func handed(_ triggerTimestamps: [Int64], at micros: Int64) {
        for trigger in triggerTimestamps {
            if let delay = alertDelay.record(triggerMillis: trigger, handedMicros: micros) {
                metrics.alertDelayed(microseconds: delay)
            }
        }
    }

    /// A batch was processed in `nanoseconds`, emitting `alerts` and `trace` and rejecting events for `rejected`
    /// reasons.
    mutating func processed(
        alerts: [Alert], trace: [EvidenceTrace], shadowAlerts: [Alert], rejected: [String: Int], nanoseconds: Int64,
        pipeline: Pipeline,
        consumer: KafkaConsumer, now: Int64
    ) {
        if !trace.isEmpty { observe(trace) }
        let engine = pipeline.engine
        metrics.processed(batchNanoseconds: nanoseconds)
        metrics.rejected(rejected)
        metrics.shadowEmitted(shadowAlerts)
        metrics.rules(RulesStatus(pipeline))
        record(alerts, engine: engine)
        if let lastPublished, now - lastPublished < intervalMillis { return }
        lastPublished = now
        metrics.update(engine: engine)
        let lag = consumer.lag()
        metrics.lag(lag)
        incidents.refreshOpen(engine: engine)
        metrics.open(incidents.open)
        guard let state else { return }
        let started = ContinuousClock.now
        var snapshot = AdminSnapshot(
            engine: engine, incidents: incidents, wanted: state.wantedShops(), assigned: consumer.assignment, lag: lag)
        snapshot.alertDelay = alertDelay
        snapshot.evidence = evidence?.archive
        snapshot.rules = RulesStatus(pipeline)
        state.publish(snapshot)
        metrics.published(snapshotNanoseconds: (ContinuousClock.now - started).nanoseconds)
    }

    /// The engine finished with `alerts`: the last figures are published and the server reports not ready.
    mutating func finished(alerts: [Alert], trace: [EvidenceTrace], shadowAlerts: [Alert], pipeline: Pipeline) {
        if !trace.isEmpty { observe(trace) }
        let engine = pipeline.engine
        metrics.shadowEmitted(shadowAlerts)
        record(alerts, engine: engine)
        metrics.update(engine: engine)
        incidents.refreshOpen(engine: engine)
        metrics.open(incidents.open)
        var snapshot = AdminSnapshot(
            engine: engine, incidents: incidents, wanted: state?.wantedShops() ?? [], assigned: [], lag: [:])
        snapshot.stopped = true
        snapshot.alertDelay = alertDelay
        snapshot.evidence = evidence?.archive
        snapshot.rules = RulesStatus(pipeline)
        state?.publish(snapshot)
    }

    /// Feeds the evidence collector, and stores the packs that became final (a failed write is logged: the pack
    /// is still served from memory while the collector holds it).
    private mutating func observe(_ trace: [EvidenceTrace]) {
        guard evidence != nil else { return }
        evidence!.observe(trace)
        guard let store = state?.evidenceStore else { return }
        for pack in evidence!.takeSealedPacks() {
            do {
                try store.write(pack)
            } catch {
                logger.error(
                    "evidence pack not stored", metadata: ["alert_id": "\(pack.alertID)", "error": "\(error)"])
            }
        }
    }

    private mutating func record(_ alerts: [Alert], engine: Engine) {
        guard !alerts.isEmpty else { return }
        metrics.emitted(alerts)
        for (alert, change) in incidents.record(alerts, engine: engine) {
            let message: Logger.Message =
                switch change {
                case .opened: "incident opened"
                case .updated: "incident updated"
                case .resolved: "incident resolved"
                }
            var metadata: Logger.Metadata = [
                "alert_id": "\(alert.alertID)", "rule": "\(alert.rule)", "severity": "\(alert.severity)",
                "subject_kind": "\(alert.subject.kind.rawValue)",
                "subject": "\(alert.subject.display ?? alert.subject.id)",
                "event_time": "\(Timestamp.format(alert.eventTime))",
            ]
            if let orders = alert.metric("orders") { metadata["orders"] = "\(Int(orders))" }
            if let refunds = alert.metric("refunds") ?? alert.metric("refunded_orders") {
                metadata["refunds"] = "\(Int(refunds))"
            }
            if change == .resolved {
                logger.info(message, metadata: metadata)
            } else {
                logger.notice(message, metadata: metadata)
            }
        }
    }
}
