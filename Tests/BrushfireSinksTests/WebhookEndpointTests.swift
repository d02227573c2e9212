import BrushfireCore
import BrushfireSinks
import Testing

@Suite struct WebhookEndpointTests {
    @Test func commandLineFlagsMakeOneEndpoint() throws {
        let endpoint = try WebhookEndpoint.fromCommandLine(
            url: "https://hooks.example.com/brushfire", secret: WebhookFixtures.secret)
        #expect(endpoint?.name == WebhookEndpoint.commandLineName)
        #expect(endpoint?.url == "https://hooks.example.com/brushfire")
        #expect(endpoint?.secrets == [try WebhookSecret(WebhookFixtures.secret)])
        #expect(endpoint?.filter == .all)
        #expect(try WebhookEndpoint.fromCommandLine(url: nil, secret: nil) == nil)
    }

    @Test func commandLineFlagsComeInPairs() {
        #expect(throws: WebhookConfigurationError(field: "--webhook-secret", reason: "required with --webhook")) {
            try WebhookEndpoint.fromCommandLine(url: "https://example.com", secret: nil)
        }
        #expect(throws: WebhookConfigurationError(field: "--webhook", reason: "required with --webhook-secret")) {
            try WebhookEndpoint.fromCommandLine(url: nil, secret: WebhookFixtures.secret)
        }
    }

    @Test(arguments: ["example.com/hook", "ftp://example.com", "http://", "not a url"])
    func refusesURLsThatAreNotHTTP(_ url: String) {
        #expect(throws: WebhookConfigurationError.self) {
            try WebhookEndpoint.fromCommandLine(url: url, secret: WebhookFixtures.secret)
        }
    }

    @Test(arguments: ["", "has space", "slash/name", String(repeating: "a", count: 65)])
    func refusesUnusableNames(_ name: String) {
        #expect(throws: WebhookConfigurationError.self) {
            try WebhookEndpoint(name: name, url: "https://example.com", secret: WebhookFixtures.secret)
        }
    }

    @Test func filtersByRuleAndSeverity() {
        let filter = WebhookFilter(rules: ["refund_storm"], minimumSeverity: .high)
        #expect(filter.accepts(WebhookFixtures.alert(1, rule: "refund_storm", severity: .critical)))
        #expect(filter.accepts(WebhookFixtures.alert(1, rule: "refund_storm", severity: .high)))
        #expect(!filter.accepts(WebhookFixtures.alert(1, rule: "refund_storm", severity: .medium)))
        #expect(!filter.accepts(WebhookFixtures.alert(1, rule: "reverse_brushing", severity: .critical)))
        #expect(WebhookFilter.all.accepts(WebhookFixtures.alert(1, severity: .info)))
    }

    @Test func configurationEntriesBecomeEndpoints() throws {
        let entry = WebhookEndpointConfiguration(
            name: "soc", url: "https://soc.example.com/hook", secret: WebhookFixtures.secret,
            secrets: [WebhookSecret.random().text], rules: ["refund_storm"], minSeverity: "medium")
        let endpoint = try entry.endpoint(field: "webhooks[0]")
        #expect(endpoint.name == "soc")
        #expect(endpoint.secrets.count == 2)
        #expect(endpoint.secrets[0] == (try WebhookSecret(WebhookFixtures.secret)))
        #expect(endpoint.filter == WebhookFilter(rules: ["refund_storm"], minimumSeverity: .medium))
    }

    @Test func configurationErrorsNameTheField() {
        let badSeverity = WebhookEndpointConfiguration(
            name: "soc", url: "https://soc.example.com", secret: WebhookFixtures.secret, minSeverity: "urgent")
        #expect(
            throws: WebhookConfigurationError(
                field: "webhooks[1].min_severity", reason: "'urgent' is not one of info, low, medium, high, critical")
        ) {
            try badSeverity.endpoint(field: "webhooks[1]")
        }
        let noSecret = WebhookEndpointConfiguration(name: "soc", url: "https://soc.example.com")
        #expect(
            throws: WebhookConfigurationError(
                field: "webhooks[2].secret", reason: "at least one whsec_ secret is required")
        ) {
            try noSecret.endpoint(field: "webhooks[2]")
        }
        let badSecret = WebhookEndpointConfiguration(
            name: "soc", url: "https://soc.example.com", secrets: [WebhookFixtures.secret, "nope!"])
        #expect(
            throws: WebhookConfigurationError(
                field: "webhooks[3].secrets[1]", reason: "expected whsec_ followed by base64")
        ) {
            try badSecret.endpoint(field: "webhooks[3]")
        }
    }
}
