import BrushfireCore
import BrushfireRuntime
import BrushfireSinks
import Testing

/// The configuration file's `webhooks:` section: several endpoints with their filters, and errors that name
/// the setting and its line.
@Suite struct DaemonConfigurationWebhookTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test("Endpoints, secrets, filters and the outbox are read from the file")
    func endpoints() throws {
        var settings = DaemonConfiguration()
        try settings.apply(
            yaml: """
                webhooks:
                  outbox: /var/lib/brushfire/webhooks.sqlite
                  endpoints:
                    - name: soc
                      url: https://soc.example.com/hooks/brushfire
                      secret: \(Self.secret)
                    - name: trust-and-safety
                      url: https://tns.example.com/in
                      secrets: [\(Self.secret), \(Self.secret)]
                      rules: [reverse_brushing, fingerprint_ring]
                      min_severity: high
                """, file: "brushfire.yaml")
        #expect(settings.webhookOutbox == "/var/lib/brushfire/webhooks.sqlite")
        #expect(settings.webhookEndpoints.map(\.name) == ["soc", "trust-and-safety"])
        #expect(settings.webhookEndpoints[0].filter == .all)
        #expect(settings.webhookEndpoints[1].secrets.count == 2)
        #expect(
            settings.webhookEndpoints[1].filter
                == WebhookFilter(rules: ["reverse_brushing", "fingerprint_ring"], minimumSeverity: .high))
    }

    @Test(
        "Mistakes name the setting and where it is",
        arguments: [
            (
                "webhooks:\n  endpoints:\n    - name: soc\n      url: https://a.example\n      secret: \(secret)\n      min_severity: urgent\n",
                "min_severity: 'urgent'"
            ),
            ("webhooks:\n  endpoints:\n    - name: soc\n      url: https://a.example\n", "secret"),
            ("webhooks:\n  endpoints:\n    - url: https://a.example\n      secret: \(secret)\n", "needs a name"),
            ("webhooks:\n  endpoints:\n    - name: soc\n      url: https://a.example\n      secret: nope\n", "secret"),
            ("webhooks:\n  outbx: x\n", "webhooks.outbx"),
        ])
    func mistakes(_ yaml: String, _ expected: String) {
        var settings = DaemonConfiguration()
        #expect {
            try settings.apply(yaml: yaml, file: "brushfire.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains(expected) && text.contains("brushfire.yaml:")
        }
    }
}
