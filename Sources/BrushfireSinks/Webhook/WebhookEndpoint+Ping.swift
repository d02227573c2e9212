import AsyncHTTPClient
import BrushfireCore
import NIOCore

/// What one signed test request to an endpoint got back.
public struct WebhookPingResult: Sendable, Equatable {
    public var webhookID: String
    /// The HTTP status, or `nil` when the request got no answer.
    public var status: Int?
    /// Why the request got no answer.
    public var error: String?
    public var milliseconds: Int64

    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
}

extension WebhookEndpoint {
    /// Sends one signed test request, `{"type":"brushfire.ping","sent_at":…}`, outside the outbox.
    ///
    /// Operators use it (`brushfire webhooks ping`) to check the URL, the network path and the receiver's secret.
    public func ping(
        connectTimeout: Swift.Duration = .seconds(5), requestTimeout: Swift.Duration = .seconds(15),
        clock: WebhookClock = .system
    ) async throws -> WebhookPingResult {
        let now = clock.now()
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type")
        writer.string("brushfire.ping")
        writer.key("sent_at")
        writer.string(Timestamp.format(now))
        writer.endObject()
        let body = Array(writer.output.utf8)
        let id = "msg_ping_" + String(UInt64.random(in: .min ... .max), radix: 16)
        let request = WebhookDispatcher.request(
            for: body, id: id, url: url, signer: WebhookSigner(secrets: secrets), now: now)
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(WebhookRetrySchedule.milliseconds(connectTimeout))))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let started = ContinuousClock.now
        var result = WebhookPingResult(webhookID: id, status: nil, error: nil, milliseconds: 0)
        do {
            let response = try await client.execute(
                request, timeout: .milliseconds(WebhookRetrySchedule.milliseconds(requestTimeout)))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            result.status = Int(response.status.code)
        } catch {
            result.error = WebhookDispatcher.describe(error)
        }
        result.milliseconds = WebhookRetrySchedule.milliseconds(ContinuousClock.now - started)
        try await client.shutdown()
        return result
    }
}
