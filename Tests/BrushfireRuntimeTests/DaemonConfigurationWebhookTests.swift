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

    /// Found by `Scripts/fuzz.sh FuzzWebhookConfiguration`: `retry_schedule: [9223372036854775807h]` trapped on an
    /// arithmetic overflow in `WebhookRetrySchedule.parseDuration` while the file was read, so `brushfire run` and
    /// `brushfire config check` crashed instead of naming the setting. Durations past 10 years are now refused.
    @Test(
        "Fuzz crash: a delay too long to count in milliseconds is refused with its setting, not a trap",
        arguments: [
            ("retry_schedule: [9223372036854775807h]", "retry_schedule: '9223372036854775807h'"),
            ("retry_schedule: 5s,106751991168d", "retry_schedule: '106751991168d'"),
            ("retry_schedule: [100000000000d, 100000000000d]", "retry_schedule: '100000000000d'"),
            ("recovery_window: 9223372036854775807s", "recovery_window: '9223372036854775807s'"),
            ("probe_interval: 3661d", "probe_interval: '3661d'"),
        ])
    func fuzzCrashOverlongDuration(_ line: String, _ expected: String) {
        let yaml = """
            webhooks:
              endpoints:
                - name: soc
                  url: https://a.example
                  secret: \(Self.secret)
                  \(line)
            """
        var settings = DaemonConfiguration()
        #expect {
            try settings.apply(yaml: yaml, file: "brushfire.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("webhooks.endpoints[0]." + expected) && text.contains("brushfire.yaml:6:")
                && text.contains("at most 3660d")
        }
    }

    @Test("Durations up to 10 years are still read")
    func longestDuration() throws {
        var settings = DaemonConfiguration()
        try settings.apply(
            yaml: """
                webhooks:
                  endpoints:
                    - name: soc
                      url: https://a.example
                      secret: \(Self.secret)
                      retry_schedule: [3660d]
                      recovery_window: 3660d
                """, file: "brushfire.yaml")
        let schedule = try #require(settings.webhookEndpoints.first?.schedule)
        #expect(schedule.delays == [.seconds(3660 * 86400)] && schedule.recoveryWindow == .seconds(3660 * 86400))
    }
}
