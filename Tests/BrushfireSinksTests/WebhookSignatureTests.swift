import BrushfireSinks
import Testing

@Suite struct WebhookSignatureTests {
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp: Int64 = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    @Test func signsTheStandardWebhooksTestVector() throws {
        let signer = WebhookSigner(secrets: [try WebhookSecret(WebhookFixtures.secret)])
        #expect(signer.signature(id: Self.id, timestamp: Self.timestamp, body: Self.body) == Self.expected)
    }

    @Test func acceptsTheSecretWithoutPrefixOrPadding() throws {
        let bare = try WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(bare == (try WebhookSecret(WebhookFixtures.secret)))
        #expect(bare.text == WebhookFixtures.secret)
    }

    @Test func verifiesTheTestVector() throws {
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookFixtures.secret)])
        try verifier.verify(
            id: Self.id, timestamp: String(Self.timestamp), signatureHeader: Self.expected, body: Self.body,
            nowSeconds: Self.timestamp + 10)
    }

    @Test func signsWithEverySecretWhileRotating() throws {
        let old = try WebhookSecret(WebhookFixtures.secret)
        let new = WebhookSecret.random()
        let header = WebhookSigner(secrets: [new, old]).signature(
            id: Self.id, timestamp: Self.timestamp, body: Self.body)
        let parts = header.split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts[1] == Self.expected[...])
        for secret in [old, new] {
            try WebhookVerifier(secrets: [secret]).verify(
                id: Self.id, timestamp: String(Self.timestamp), signatureHeader: header, body: Self.body,
                nowSeconds: Self.timestamp)
        }
    }

    enum Tampering: String, CaseIterable {
        case body, id, timestamp, signature, otherSecret
    }

    @Test(arguments: Tampering.allCases)
    func rejectsATamperedRequest(_ tampering: Tampering) throws {
        var secret = try WebhookSecret(WebhookFixtures.secret)
        var id = Self.id
        var timestamp = Self.timestamp
        var body = Self.body
        var header = Self.expected
        switch tampering {
        case .body: body[body.count - 2] = UInt8(ascii: "5")
        case .id: id += "x"
        case .timestamp: timestamp += 1
        case .signature: header = "v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        case .otherSecret: secret = WebhookSecret.random()
        }
        let verifier = WebhookVerifier(secrets: [secret])
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(
                id: id, timestamp: String(timestamp), signatureHeader: header, body: body,
                nowSeconds: Self.timestamp)
        }
    }

    @Test func rejectsStaleAndFutureTimestamps() throws {
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookFixtures.secret)], toleranceSeconds: 300)
        #expect(throws: WebhookVerificationError.timestampTooOld(Self.timestamp)) {
            try verifier.verify(
                id: Self.id, timestamp: String(Self.timestamp), signatureHeader: Self.expected, body: Self.body,
                nowSeconds: Self.timestamp + 301)
        }
        #expect(throws: WebhookVerificationError.timestampTooNew(Self.timestamp)) {
            try verifier.verify(
                id: Self.id, timestamp: String(Self.timestamp), signatureHeader: Self.expected, body: Self.body,
                nowSeconds: Self.timestamp - 301)
        }
    }

    @Test func rejectsMissingOrMalformedHeaders() throws {
        let verifier = WebhookVerifier(secrets: [try WebhookSecret(WebhookFixtures.secret)])
        #expect(throws: WebhookVerificationError.missingHeaders) {
            try verifier.verify(
                id: nil, timestamp: "1", signatureHeader: Self.expected, body: Self.body, nowSeconds: 1)
        }
        #expect(throws: WebhookVerificationError.malformedTimestamp("soon")) {
            try verifier.verify(
                id: Self.id, timestamp: "soon", signatureHeader: Self.expected, body: Self.body, nowSeconds: 1)
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(
                id: Self.id, timestamp: String(Self.timestamp), signatureHeader: "v2,abc garbage", body: Self.body,
                nowSeconds: Self.timestamp)
        }
    }

    @Test(arguments: ["", "whsec_", "whsec_not base64!", "whsec_c2hvcnQ="])
    func refusesUnusableSecrets(_ text: String) {
        #expect(throws: WebhookConfigurationError.self) { try WebhookSecret(text) }
    }

    @Test func neverPrintsTheSecret() throws {
        let secret = try WebhookSecret(WebhookFixtures.secret)
        #expect(!"\(secret)".contains("MfKQ9r8G"))
        let error = #expect(throws: WebhookConfigurationError.self) {
            try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La")
        }
        #expect(error.map { !"\($0)".contains("MfKQ9r8G") } == true)
    }
}
