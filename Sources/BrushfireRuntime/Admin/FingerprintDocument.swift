/// What is known about one fingerprint (`GET /v1/fingerprints/{id}`): the engine's record and the incidents
/// that name it. Never the value behind the fingerprint.
struct FingerprintDocument: Codable, Sendable {
    var id: String
    var domain: String
    var lastSeen: Int64?
    var lastNameID: String?
    var incidents: [IncidentDocument]

    enum CodingKeys: String, CodingKey {
        case id, domain, incidents
        case lastSeen = "last_seen_ms"
        case lastNameID = "last_name_id"
    }
}
