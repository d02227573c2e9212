import BrushfireCore

/// Gathers a replay's incidents for an ``IncidentReport``: hand ``observe(_:_:)`` to the runner, then ask for the
/// report once it has finished.
public final class ReportCollector {
    public private(set) var log = IncidentLog()
    private var lastEventTime: Int64?

    public init() {}

    /// Files the alerts just delivered and copies the per-minute counts their shops still hold.
    public func observe(_ engine: Engine, _ alerts: [Alert]) {
        log.record(alerts, engine: engine)
        lastEventTime = engine.eventTime
    }

    /// Charts incidents still open at the end of the run up to the engine's last event time.
    public func finish(_ engine: Engine) {
        log.refreshOpen(engine: engine)
        lastEventTime = engine.eventTime
    }

    /// The report of every incident, in the order they opened.
    public func report(source: String) -> IncidentReport {
        IncidentReport(source: source, incidents: log.incidents, eventTime: lastEventTime)
    }
}
