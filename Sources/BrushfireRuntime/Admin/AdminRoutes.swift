import BrushfireCore
import Foundation
import Hummingbird
import Prometheus

/// The admin server's endpoints, answered from the latest ``AdminSnapshot``:
///
/// - `GET /` the live page; `GET /healthz` alive; `GET /readyz` ready (503 with a reason when not);
/// - `GET /metrics` Prometheus text;
/// - `GET /v1/status`, `GET /v1/incidents?rule=&severity=&status=open|all`, `GET /v1/incidents/{alert_id}` (with
///   its chart), `GET /v1/incidents/{alert_id}/evidence` and `…/evidence.json` (the evidence pack of a high or
///   critical shop incident, HTML and JSON), `GET /v1/shops?top=N`, `GET /v1/shops/{id}`, `GET /v1/fingerprints/{id}`;
/// - `POST /v1/rules/reload` re-reads the rules files: 202 when staged for the next pane boundary, 422 with the
///   file's errors when refused (the running rules stay), 409 when the daemon has no rules file.
enum AdminRoutes {
    static func router(
        state: AdminState, registry: PrometheusCollectorRegistry, configuration: AdminConfiguration,
        reloader: RulesReloader? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        if let token = configuration.token, !token.isEmpty {
            router.add(middleware: BearerTokenMiddleware(token: token))
        }
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: LivePage.html)))
        }
        router.get("/healthz") { _, _ in
            try json(["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            let reason = state.snapshot.notReadyReason(maxLag: configuration.maxReadyLag)
            return try json(
                Readiness(ready: reason == nil, reason: reason), status: reason == nil ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.post("/v1/rules/reload") { _, _ in
            guard let reloader, reloader.rulesFile != nil || reloader.shadowRulesFile != nil else {
                return try problem(.conflict, "no rules file to reload: the daemon runs the built-in defaults")
            }
            switch reloader.reload(trigger: "POST /v1/rules/reload") {
            case .staged(let version, let shadowVersion):
                return try json(
                    ReloadAnswer(
                        status: "staged", rulesVersion: reloader.rulesFile == nil ? nil : version ?? "defaults",
                        shadowRulesVersion: reloader.shadowRulesFile == nil ? nil : shadowVersion ?? "defaults",
                        errors: nil), status: .accepted)
            case .refused(let errors):
                return try json(
                    ReloadAnswer(status: "refused", rulesVersion: nil, shadowRulesVersion: nil, errors: errors),
                    status: .unprocessableContent)
            }
        }
        router.get("/v1/status") { _, _ in
            try json(StatusDocument(state.snapshot, maxReadyLag: configuration.maxReadyLag))
        }
        router.get("/v1/incidents") { request, _ in
            let query = request.uri.queryParameters
            let snapshot = state.snapshot
            var records =
                query.get("status") == "all" ? snapshot.incidents.incidents.reversed() : snapshot.incidents.open
            if let status = query.get("status"), status != "all" && status != "open" {
                return try problem(.badRequest, "status must be open or all, not '\(status)'")
            }
            if let rule = query.get("rule"), !rule.isEmpty { records = records.filter { $0.rule == rule } }
            if let name = query.get("severity"), !name.isEmpty {
                guard let severity = Severity(name: name) else {
                    return try problem(
                        .badRequest,
                        "severity must be one of \(Severity.allCases.map(\.description).joined(separator: ", "))")
                }
                records = records.filter { $0.severity == severity }
            }
            return try json(
                IncidentList(
                    eventTime: snapshot.eventTime, incidents: records.map { IncidentDocument($0, chart: false) }))
        }
        router.get("/v1/incidents/{id}") { _, context in
            let snapshot = state.snapshot
            guard let id = context.parameters.get("id"), let record = snapshot.incidents.records[id] else {
                return try problem(.notFound, "no incident with that alert id (resolved ones are kept for a while)")
            }
            return try json(IncidentDocument(record, chart: true, eventTime: snapshot.eventTime))
        }
        router.get("/v1/incidents/{id}/evidence") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let html = state.snapshot.evidence?.pack(id)?.html() ?? state.evidenceStore?.html(id) else {
                return try noEvidence(id, state.snapshot)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        router.get("/v1/incidents/{id}/evidence.json") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let json = try state.snapshot.evidence?.pack(id)?.json() ?? state.evidenceStore?.json(id) else {
                return try noEvidence(id, state.snapshot)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.get("/v1/shops") { request, _ in
            let snapshot = state.snapshot
            let top = min(
                max(request.uri.queryParameters.get("top", as: Int.self) ?? 10, 1), AdminSnapshot.topShopCount)
            return try json(
                ShopList(
                    eventTime: snapshot.eventTime,
                    shops: snapshot.topShops.prefix(top).map {
                        ShopDocument($0, eventTime: snapshot.eventTime, incidents: incidents(of: $0.id, in: snapshot))
                    }))
        }
        router.get("/v1/shops/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            var snapshot = state.snapshot
            if snapshot.shops[id] == nil, !id.isEmpty {
                // Not shown so far: ask the ingest loop to include it, and wait for its next snapshot.
                state.want(shop: id)
                // The first publish may have begun before the request was noted; the second has it.
                for _ in 0..<2 where snapshot.shops[id] == nil && !snapshot.stopped {
                    snapshot = await state.snapshot(after: snapshot.sequence, timeout: .seconds(2))
                }
            }
            guard let view = snapshot.shops[id] else {
                return try problem(.notFound, "no shop with that id has been seen")
            }
            return try json(
                ShopDocument(view, eventTime: snapshot.eventTime, incidents: incidents(of: id, in: snapshot)))
        }
        router.get("/v1/fingerprints/{id}") { _, context in
            let snapshot = state.snapshot
            let id = context.parameters.get("id") ?? ""
            let parts = id.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let domain = FingerprintDomain(rawValue: String(parts[0])),
                parts[2].utf8.count == 16, UInt64(parts[2], radix: 16) != nil
            else {
                return try problem(.badRequest, "a fingerprint id looks like phone:k1:3fa9c0d2e1b4a7c8")
            }
            let named = snapshot.incidents.incidents.filter { $0.subject.id == id }
            let known = snapshot.fingerprints[id]
            guard known != nil || !named.isEmpty else {
                return try problem(.notFound, "no incident names this fingerprint")
            }
            return try json(
                FingerprintDocument(
                    id: id, domain: domain.rawValue, lastSeen: known?.lastSeen, lastNameID: known?.lastNameID,
                    incidents: named.map { IncidentDocument($0, chart: false) }))
        }
        return router
    }

    struct Readiness: Codable {
        var ready: Bool
        var reason: String?
    }

    struct IncidentList: Codable {
        var eventTime: Int64?
        var incidents: [IncidentDocument]

        enum CodingKeys: String, CodingKey {
            case incidents
            case eventTime = "event_time_ms"
        }
    }

    /// The answer to `POST /v1/rules/reload`.
    struct ReloadAnswer: Codable {
        var status: String
        var rulesVersion: String?
        var shadowRulesVersion: String?
        var errors: [String]?

        enum CodingKeys: String, CodingKey {
            case status, errors
            case rulesVersion = "rules_version"
            case shadowRulesVersion = "shadow_rules_version"
        }
    }

    struct ShopList: Codable {
        var eventTime: Int64?
        var shops: [ShopDocument]

        enum CodingKeys: String, CodingKey {
            case shops
            case eventTime = "event_time_ms"
        }
    }

    /// Why an incident has no evidence pack.
    static func noEvidence(_ id: String, _ snapshot: AdminSnapshot) throws -> Response {
        if let record = snapshot.incidents.records[id] {
            return try problem(
                .notFound,
                record.subject.kind != .shop
                    ? "evidence packs are for shop incidents; this one is about a \(record.subject.kind.rawValue)"
                    : "evidence packs are for incidents that reached high or critical; this one is \(record.severity)")
        }
        return try problem(.notFound, "no evidence pack for that alert id")
    }

    static func incidents(of shop: String, in snapshot: AdminSnapshot) -> [String] {
        snapshot.incidents.incidents.filter { $0.subject.kind == .shop && $0.subject.id == shop }.map(\.alertID)
    }

    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        try json(["error": message], status: status)
    }
}
