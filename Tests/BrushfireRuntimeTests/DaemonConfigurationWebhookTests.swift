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

    @Test("Each endpoint may have its own retry schedule, recovery window and probe interval")
    func retrySettings() throws {
        var settings = DaemonConfiguration()
        try settings.apply(
            yaml: """
                webhooks:
                  endpoints:
                    - name: soc
                      url: https://soc.example.com/hooks/brushfire
                      secret: \(Self.secret)
                      retry_schedule: [5s, 1m, 10m, 1h]
                      recovery_window: 7d
                      probe_interval: 15m
                    - name: pager
                      url: https://pager.example.com/in
                      secret: \(Self.secret)
                      retry_schedule: 1s,2s
                    - name: plain
                      url: https://plain.example.com/in
                      secret: \(Self.secret)
                """, file: "brushfire.yaml")
        let soc = try #require(settings.webhookEndpoints[0].schedule)
        #expect(soc.delays == [.seconds(5), .seconds(60), .seconds(600), .seconds(3600)])
        #expect(soc.recoveryWindow == .seconds(7 * 86400))
        #expect(soc.probeInterval == .seconds(900))
        let pager = try #require(settings.webhookEndpoints[1].schedule)
        #expect(pager.delays == [.seconds(1), .seconds(2)])
        #expect(pager.recoveryWindow == WebhookRetrySchedule.standard.recoveryWindow)
        #expect(settings.webhookEndpoints[2].schedule == nil)
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
            (
                "webhooks:\n  endpoints:\n    - name: soc\n      url: https://a.example\n      secret: \(secret)\n      retry_schedule: [5s, soon]\n",
                "webhooks.endpoints[0].retry_schedule: 'soon' is not a delay"
            ),
            (
                "webhooks:\n  endpoints:\n    - name: soc\n      url: https://a.example\n      secret: \(secret)\n      recovery_window: forever\n",
                "webhooks.endpoints[0].recovery_window: 'forever'"
            ),
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
