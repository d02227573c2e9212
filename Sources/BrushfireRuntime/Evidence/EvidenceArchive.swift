import BrushfireCore
import Foundation

/// What evidence packs are built from: the shops an ``EvidenceCollector`` tracks and the packs of shops it retired.
/// A value the daemon hands to its admin server with each snapshot.
public struct EvidenceArchive: Sendable {
    public let rules: Rules
    public internal(set) var shops: [String: ShopEvidence] = [:]
    /// Packs of high or critical incidents whose shop is no longer tracked, oldest first.
    public internal(set) var retired: [EvidencePack] = []

    public init(rules: Rules) {
        self.rules = rules
    }

    /// The alert ids of every shop incident that reached `high` or `critical`, in the order they opened.
    public var packAlertIDs: [String] {
        let tracked = shops.values.flatMap { shop in
            shop.incidents.filter { $0.severity >= .high }.map { ($0.alerts[0].eventTime, $0.alertID) }
        }
        return retired.map(\.alertID) + tracked.sorted { $0 < $1 }.map(\.1)
    }

    /// The evidence pack of the shop incident `alertID`, if it reached `high` or `critical`.
    public func pack(_ alertID: String) -> EvidencePack? {
        if let kept = retired.last(where: { $0.alertID == alertID }) { return kept }
        for shop in shops.values {
            if let incident = shop.incidents.first(where: { $0.alertID == alertID }), incident.severity >= .high {
                return EvidencePack(shop: shop, incident: incident, rules: rules)
            }
        }
        return nil
    }

    /// Writes `<alert_id>.json` and `<alert_id>.html` for every pack into `directory` (created if missing);
    /// returns the alert ids written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ReportError(path: directory, underlying: error)
        }
        let ids = packAlertIDs
        for id in ids {
            try pack(id)?.write(into: url)
        }
        return ids
    }
}

extension EvidencePack {
    /// The pack as JSON, keys sorted: the same pack always gives the same bytes.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
