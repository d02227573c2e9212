import ArgumentParser
import BrushfireCore
import BrushfireRuntime
import BrushfireSinks
import Foundation
import Logging

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Inspect and operate the webhook outbox.",
        subcommands: [Status.self, Redeliver.self, Enable.self, Ping.self, Deliver.self]
    )
}

extension WebhooksCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pending, delivered and failed deliveries per endpoint, and which endpoints are disabled.")

        @Option(help: "The outbox database file.")
        var outbox: String

        func run() async throws {
            let store = try openOutbox(outbox)
            let now = WebhookClock.system.now()
            let statuses = try await store.status(now: now)
            guard !statuses.isEmpty else {
                print("no endpoints in \(outbox)")
                return
            }
            var rows = [
                ["ENDPOINT", "STATE", "PENDING", "DELIVERED", "FAILED", "PROBING", "OLDEST PENDING", "NEXT TRY"]
            ]
            for status in statuses {
                let state =
                    status.isDisabled ? "disabled" : !status.isRegistered ? "old-url" : "enabled"
                rows.append([
                    status.name, state, String(status.pending), String(status.delivered), String(status.failed),
                    String(status.probing), status.oldestPendingAt.map { age(now - $0) + " ago" } ?? "-",
                    status.outstanding == 0 || !status.isRegistered
                        ? "-" : status.nextAttemptAt.map { nextTry($0 - now) } ?? "-",
                ])
            }
            printTable(rows)
            print("")
            print("outbox \(outbox): \(try await store.durability())")
            for status in statuses {
                print("")
                print(
                    "\(status.name): \(status.url ?? "(no URL)")\(status.isRegistered ? "" : " (not configured now)")")
                if status.probing > 0 {
                    print(
                        "  \(status.probing) past their retry schedule: the oldest probes the endpoint, all are "
                            + "delivered once it answers")
                }
                if let reason = status.disabledReason, let at = status.disabledAt {
                    print("  disabled \(Timestamp.format(at)): \(reason); `brushfire webhooks enable \(status.name)`")
                }
                if let error = status.lastError { print("  last error: \(error)") }
            }
        }

        private func nextTry(_ milliseconds: Int64) -> String {
            milliseconds <= 0 ? "due" : "in " + age(milliseconds)
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue failed deliveries again, with fresh attempts and the same webhook-id.",
            discussion: "A running dispatcher picks them up within its poll interval (1 s by default).")

        @Option(help: "The outbox database file.")
        var outbox: String

        @Option(help: "Deliveries queued at or after this time: RFC 3339 (2026-11-23T10:00:00Z) or an age (2h, 30m).")
        var since: String

        @Option(help: "Only this endpoint (also enables it again if a 410 disabled it).")
        var endpoint: String?

        @Flag(help: "Also resend deliveries that were delivered.")
        var includeDelivered = false

        func run() async throws {
            let now = WebhookClock.system.now()
            guard let sinceMillis = parseSince(since, now: now) else {
                throw ValidationError("--since '\(since)' is neither RFC 3339 (2026-11-23T10:00:00Z) nor an age (2h)")
            }
            let count = try await openOutbox(outbox).redeliver(
                since: sinceMillis, endpoint: endpoint, includeDelivered: includeDelivered, now: now)
            print("queued \(count) deliver\(count == 1 ? "y" : "ies") again since \(Timestamp.format(sinceMillis))")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an endpoint that a 410 Gone disabled.")

        @Option(help: "The outbox database file.")
        var outbox: String

        @Argument(help: "The endpoint's name.")
        var endpoint: String

        func run() async throws {
            guard try await openOutbox(outbox).enable(endpoint: endpoint) else {
                throw ValidationError("no endpoint named '\(endpoint)' in \(outbox)")
            }
            print("enabled \(endpoint)")
        }
    }

    struct Ping: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one signed test request to an endpoint, outside the outbox.",
            discussion: "The secret comes from --secret or the BRUSHFIRE_WEBHOOK_SECRET environment variable.")

        @Argument(help: "An endpoint name registered in --outbox, or a URL.")
        var endpoint: String

        @Option(help: "The outbox database file, to look up an endpoint name.")
        var outbox: String?

        @Option(help: "The endpoint's whsec_ secret.")
        var secret: String?

        @Option(help: "Seconds to wait for the answer.")
        var timeout: Int = 15

        func run() async throws {
            guard let secret = secret ?? webhookSecretVariable else {
                throw ValidationError("a secret is needed: --secret or BRUSHFIRE_WEBHOOK_SECRET")
            }
            var url = endpoint
            var name = WebhookEndpoint.commandLineName
            if !endpoint.contains("://") {
                guard let outbox else {
                    throw ValidationError("'\(endpoint)' is not a URL; give --outbox to look it up")
                }
                guard let registered = try await openOutbox(outbox).url(endpoint: endpoint) else {
                    throw ValidationError("no endpoint named '\(endpoint)' in \(outbox)")
                }
                url = registered
                name = endpoint
            }
            let target = try WebhookEndpoint(
                name: name, url: url, secrets: [try WebhookSecret(secret, field: "--secret")], field: "endpoint")
            let result = try await target.ping(requestTimeout: .seconds(timeout))
            if let status = result.status {
                print("\(url): HTTP \(status) in \(result.milliseconds) ms (webhook-id \(result.webhookID))")
            } else {
                print("\(url): no answer after \(result.milliseconds) ms: \(result.error ?? "unknown error")")
            }
            if !result.succeeded { throw ExitCode.failure }
        }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver what is queued in an outbox to one endpoint, without reading events.",
            discussion: """
                Runs the dispatcher on its own, e.g. to empty an outbox left by a stopped daemon. The endpoint \
                keeps the outbox name 'default' unless --name says otherwise.
                """)

        @Option(help: "The outbox database file.")
        var outbox: String

        @Option(help: "The endpoint URL.")
        var webhook: String

        @Option(help: "The endpoint's whsec_ secret.")
        var webhookSecret: String

        @Option(help: "The endpoint's name in the outbox.")
        var name: String = WebhookEndpoint.commandLineName

        @Option(help: "Retry delays after the first attempt, e.g. 5s,5m,30m,2h,5h,10h,10h (the default).")
        var retrySchedule: String?

        @Option(help: "How long a delivery past its schedule keeps probing the endpoint, e.g. 3d (the default).")
        var recoveryWindow: String?

        @Flag(help: "Stop once nothing is left to deliver (failed deliveries stay in the outbox).")
        var untilDrained = false

        @Option(help: "With --until-drained, give up after this many seconds.")
        var timeout: Int = 3600

        func run() async throws {
            guard
                let endpoint = try WebhookEndpoint.fromCommandLine(url: webhook, secret: webhookSecret, name: name)
            else { return }
            var options = WebhookDeliveryOptions()
            if let retrySchedule { options.schedule = try WebhookRetrySchedule.parse(retrySchedule) }
            if let recoveryWindow {
                guard let window = WebhookRetrySchedule.parseDuration(recoveryWindow) else {
                    throw ValidationError(
                        "--recovery-window: '\(recoveryWindow)' is not a duration such as 12h or 3d (at most 3660d)")
                }
                options.schedule.recoveryWindow = window
            }
            var logger = Logger(label: "brushfire.webhooks")
            logger.logLevel = .info
            let dispatcher = WebhookDispatcher(
                outbox: try openOutbox(outbox), endpoints: [endpoint], options: options, logger: logger)
            guard untilDrained else {
                try await dispatcher.run()
                return
            }
            let result = try await dispatcher.drain(timeout: .seconds(timeout))
            print(
                "delivered \(result.delivered), failed \(result.failed), still pending \(result.outstanding), "
                    + "waiting on a disabled endpoint \(result.waitingOnDisabled)")
            if !result.isComplete { throw ExitCode.failure }
        }
    }
}

extension WebhooksCommand {
    /// `--webhook URL --webhook-secret SECRET [--webhook-outbox PATH]`, for `run` and `replay` to include with
    /// `@OptionGroup var webhooks: WebhooksCommand.SinkOptions`.
    struct SinkOptions: ParsableArguments {
        @Option(help: "POST every alert to this URL, signed the Standard Webhooks way.")
        var webhook: String?

        @Option(help: "The endpoint's whsec_ secret (or BRUSHFIRE_WEBHOOK_SECRET, which stays out of `ps`).")
        var webhookSecret: String?

        @Option(
            help: ArgumentHelp(
                "The webhook outbox file: alerts wait there until delivered (run: default the configuration's "
                    + "webhooks.outbox, else brushfire-webhooks.sqlite; replay: default a temporary outbox of its "
                    + "own, removed once everything is delivered)."))
        var webhookOutbox: String?

        static let defaultOutbox = "brushfire-webhooks.sqlite"

        /// The endpoint the flags give, or `nil` without `--webhook`.
        func endpoint() throws -> WebhookEndpoint? {
            let secret =
                webhook == nil
                ? webhookSecret : webhookSecret ?? webhookSecretVariable
            do {
                return try WebhookEndpoint.fromCommandLine(url: webhook, secret: secret)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        /// A sink for the endpoint the flags give (plus `extra` endpoints, e.g. from the configuration file), or
        /// `nil` when there are none. The caller runs `sink.dispatcher` as a service or calls `sink.drain`.
        func makeSink(extra: [WebhookEndpoint] = [], outbox: String? = nil, logger: Logger) throws -> WebhookSink? {
            let endpoints = (try endpoint().map { [$0] } ?? []) + extra
            guard !endpoints.isEmpty else { return nil }
            return try WebhookSink(
                outboxPath: outboxPath(configured: outbox), endpoints: endpoints, logger: logger)
        }

        /// The flag, else the configuration's outbox, else the default file in the working directory.
        func outboxPath(configured: String? = nil) -> String {
            webhookOutbox ?? configured ?? Self.defaultOutbox
        }
    }
}

private func openOutbox(_ path: String) throws -> WebhookOutbox {
    guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no outbox at \(path)") }
    return try WebhookOutbox(path: path)
}

/// An RFC 3339 time, or an age such as `2h` counted back from `now`, as epoch milliseconds.
private func parseSince(_ text: String, now: Int64) -> Int64? {
    if let age = WebhookRetrySchedule.parseDuration(text) {
        let (seconds, attoseconds) = age.components
        return now - seconds * 1000 - attoseconds / 1_000_000_000_000_000
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    return nil
}

/// A short human age: `42s`, `5m`, `3h`, `2d`.
private func age(_ milliseconds: Int64) -> String {
    let seconds = max(milliseconds, 0) / 1000
    if seconds < 120 { return "\(seconds)s" }
    if seconds < 7200 { return "\(seconds / 60)m" }
    if seconds < 172_800 { return "\(seconds / 3600)h" }
    return "\(seconds / 86400)d"
}

private func printTable(_ rows: [[String]]) {
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
        let cells = row.enumerated().map { column, cell in
            cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}

/// `BRUSHFIRE_WEBHOOK_SECRET`, read as a secret.
private var webhookSecretVariable: String? {
    SettingsLayers.environmentVariable(
        "BRUSHFIRE_WEBHOOK_SECRET", secret: true, in: ProcessInfo.processInfo.environment)
}
