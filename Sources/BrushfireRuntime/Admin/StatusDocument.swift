import BrushfireCore

/// The daemon at a glance (`GET /v1/status`): event time, partitions and their lag, totals, keys held.
struct StatusDocument: Codable, Sendable {
    struct Partition: Codable, Sendable {
        var topic: String
        var partition: Int32
        var lag: Int64?
    }

    var ready: Bool
    var notReadyReason: String?
    var eventTime: Int64?
    var partitions: [Partition]
    var eventsProcessed: Int
    var eventsByType: [String: Int]
    var late: Int
    var duplicates: Int
    var alerts: Int
    var openIncidents: Int
    var trackedKeys: [String: Int]
    var alertDelay: AlertDelay.Summary
    var rulesVersion: String
    var rulesVersionStaged: String?
    var shadowRulesVersion: String?
    var shadowRulesVersionStaged: String?

    enum CodingKeys: String, CodingKey {
        case ready, partitions, late, duplicates, alerts
        case notReadyReason = "not_ready_reason"
        case eventTime = "event_time_ms"
        case eventsProcessed = "events_processed"
        case eventsByType = "events_by_type"
        case openIncidents = "open_incidents"
        case trackedKeys = "tracked_keys"
        case alertDelay = "alert_delay_ms"
        case rulesVersion = "rules_version"
        case rulesVersionStaged = "rules_version_staged"
        case shadowRulesVersion = "shadow_rules_version"
        case shadowRulesVersionStaged = "shadow_rules_version_staged"
    }

    init(_ snapshot: AdminSnapshot, maxReadyLag: Int64) {
        notReadyReason = snapshot.notReadyReason(maxLag: maxReadyLag)
        ready = notReadyReason == nil
        eventTime = snapshot.eventTime
        partitions = snapshot.partitions.map {
            Partition(topic: $0.topicPartition.topic, partition: $0.topicPartition.partition, lag: $0.lag)
        }
        eventsProcessed = snapshot.statistics.processed
        eventsByType = Dictionary(
            uniqueKeysWithValues: EventType.allCases.map {
                ($0.description, snapshot.statistics.eventsByType[Int($0.rawValue)])
            })
        late = snapshot.statistics.late
        duplicates = snapshot.statistics.duplicates
        alerts = snapshot.statistics.alertsByRule.values.reduce(0, +)
        openIncidents = snapshot.incidents.open.count
        trackedKeys = Dictionary(uniqueKeysWithValues: snapshot.trackedKeys.byKind.map { ($0.kind, $0.count) })
        alertDelay = snapshot.alertDelay.summary
        rulesVersion = snapshot.rules.version
        rulesVersionStaged = snapshot.rules.staged
        shadowRulesVersion = snapshot.rules.shadowVersion
        shadowRulesVersionStaged = snapshot.rules.shadowStaged
    }
}
