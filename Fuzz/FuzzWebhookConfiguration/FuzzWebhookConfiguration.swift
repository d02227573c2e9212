import BrushfireRuntime
import BrushfireSinks
import FuzzSupport

@main
enum FuzzWebhookConfiguration {
    /// Seeds: the README's `webhooks:` examples without their `webhooks:` line (from `Scripts/fuzz.sh`), and this
    /// section, which sets every key with values that are valid (the README's secrets are elided).
    static func main() { FuzzMain.run(fuzz, seeds: { [("every-key.yaml", Array(everyKey.utf8))] }) }

    static let everyKey = """
        outbox: /var/lib/brushfire/webhooks.sqlite
        endpoints:
          - name: soc
            url: https://soc.example.com/hooks/brushfire
            secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
          - name: trust-and-safety
            url: http://127.0.0.1:8080/in
            secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwAAAA]
            rules: [reverse_brushing, fingerprint_ring]
            min_severity: high
            retry_schedule: 5s,5m,30m,2h
            recovery_window: 3d
            probe_interval: 1h
          - name: audit.log_1
            url: https://audit.example.com:8443/x?y=z
            secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
            retry_schedule: [500ms, 1s, 0s, 1d]
            recovery_window: 0s

        """
}

/// libFuzzer entry point: the input is the body of a configuration file's `webhooks:` section (read indented under
/// `webhooks:`), and each of its first lines is also read alone as a secret, a retry schedule, a duration and an
/// endpoint URL. Every endpoint read must hold what `WebhookEndpoint` promises — a valid name and http(s) URL, at least
/// one secret of 24–64 bytes that survives its own text form — and its retry schedule must carry a delivery that keeps
/// failing from its first attempt to exhaustion and a probe without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let section = "webhooks:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    var configuration = DaemonConfiguration()
    do {
        try configuration.apply(yaml: section, file: "fuzz.yaml")
        for endpoint in configuration.webhookEndpoints { check(endpoint) }
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
    }
    for line in lines.prefix(8).map(String.init) {
        if let secret = try? WebhookSecret(line) { check(secret) }
        if let schedule = try? WebhookRetrySchedule.parse(line) { exercise(schedule) }
        if let duration = WebhookRetrySchedule.parseDuration(line) {
            precondition(duration >= .zero, "a negative duration from '\(line)'")
            var schedule = WebhookRetrySchedule.standard
            schedule.recoveryWindow = duration
            schedule.probeInterval = duration
            exercise(schedule)
        }
        if let secret = try? WebhookSecret(String(repeating: "A", count: 32)),
            let endpoint = try? WebhookEndpoint(name: "fuzz", url: line, secrets: [secret])
        {
            check(endpoint)
        }
    }
    return 0
}

private func check(_ secret: WebhookSecret) {
    precondition((24...64).contains(secret.key.count), "a secret of \(secret.key.count) bytes")
    precondition((try? WebhookSecret(secret.text)) == secret, "a secret does not survive its own text form")
}

private func check(_ endpoint: WebhookEndpoint) {
    precondition(!endpoint.secrets.isEmpty, "an endpoint without a secret")
    endpoint.secrets.forEach(check)
    let scheme = endpoint.url.prefix(while: { $0 != ":" }).lowercased()
    precondition(scheme == "http" || scheme == "https", "an endpoint URL that is not http(s): \(endpoint.url)")
    let rebuilt = try? WebhookEndpoint(
        name: endpoint.name, url: endpoint.url, secrets: endpoint.secrets, filter: endpoint.filter,
        schedule: endpoint.schedule)
    precondition(rebuilt == endpoint, "an endpoint that its own fields do not rebuild")
    if let schedule = endpoint.schedule { exercise(schedule) }
}

/// A delivery under `schedule` that fails every attempt, as the dispatcher drives it: from the first attempt
/// through every retry to exhaustion, then one probe.
private func exercise(_ schedule: WebhookRetrySchedule) {
    precondition(schedule.delays.allSatisfy { $0 >= .zero }, "a negative delay")
    _ = schedule.span
    var random = FixedRandom()
    var machine = WebhookDeliveryStateMachine(schedule: schedule)
    var now: Int64 = 1_796_000_000_000  // 2026-11-30
    for _ in 0...schedule.delays.count + 1 {
        _ = machine.startAttempt(now: now)
        switch machine.requestFailed("connection refused", now: now, using: &random) {
        case .retry(let at, _):
            precondition(at >= now, "a retry before the failure it follows")
            now = at
        case .markExhausted(_, let probeAt):
            precondition(probeAt >= now, "a probe before the failure it follows")
            var probe = WebhookDeliveryStateMachine(
                schedule: schedule, attempts: machine.attempts, firstAttemptAt: machine.firstAttemptAt, isProbe: true)
            _ = probe.startAttempt(now: probeAt)
            _ = probe.responseReceived(status: 503, retryAfter: "120", now: probeAt, using: &random)
            return
        default:
            preconditionFailure("a failed request neither retried nor exhausted")
        }
    }
    preconditionFailure("a schedule of \(schedule.delays.count) delays never ran out")
}

/// Jitter without a system generator, so that a crash replays exactly.
private struct FixedRandom: RandomNumberGenerator {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
