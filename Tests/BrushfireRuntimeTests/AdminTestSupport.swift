import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireTestKit
import Foundation
import Prometheus
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A daemon with its admin server on a free loopback port, fed the seed events through the embedded cluster.
struct AdminDaemon {
    let running: RunningDaemon
    let port: Int
    let registry: PrometheusCollectorRegistry
    let topic: String

    static func start(
        _ kafka: KafkaHarness, token: String? = nil, events: [Event] = DaemonSeed.events,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), partitions: Int = 2,
        topic existing: String? = nil, group: String = KafkaHarness.uniqueName("g"), state: String? = nil
    ) async throws -> AdminDaemon {
        // A given topic is read as it is (a restarted daemon); otherwise a new one is filled with `events`.
        let topic = try existing ?? kafka.makeTopic("events", partitions: partitions)
        if existing == nil {
            try await kafka.produce(
                events.map { KafkaOutgoingMessage(topic: topic, key: $0.shopID, value: $0.jsonLine()) })
        }
        var admin = AdminConfiguration(host: "127.0.0.1", port: 0, token: token)
        admin.publishInterval = .milliseconds(100)
        let running = try RunningDaemon.start(
            kafka, topics: [topic], group: group, admin: admin, metricsRegistry: registry
        ) { configuration in
            guard let state else { return }
            var settings = StateConfiguration(path: state)
            settings.interval = .milliseconds(200)
            configuration.state = settings
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while running.daemon.admin?.port == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let port = running.daemon.admin?.port else { throw AdminTestError("the admin server did not start") }
        return AdminDaemon(running: running, port: port, registry: registry, topic: topic)
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Waits until every event was consumed and the admin server shows what `condition` asks for.
    func waitUntil(
        timeout: Duration = .seconds(60), _ condition: @escaping (HTTPResult) -> Bool, path: String,
        token: String? = nil
    ) async throws -> HTTPResult {
        let deadline = ContinuousClock.now + timeout
        var last = try await HTTP.get(base + path, token: token)
        while !condition(last), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            last = try await HTTP.get(base + path, token: token)
        }
        return last
    }
}

struct AdminTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP answer: status, headers we look at, body.
struct HTTPResult: Sendable {
    var status: Int
    var contentType: String?
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw AdminTestError("not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}

/// Real requests over loopback with URLSession.
enum HTTP {
    static func post(_ url: String, token: String? = nil) async throws -> HTTPResult {
        try await get(url, token: token, method: "POST")
    }

    static func get(_ url: String, token: String? = nil, method: String = "GET") async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return HTTPResult(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: data)
    }
}

/// Headless Chromium, when installed: renders a page after its scripts ran, and takes a screenshot.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var available: Bool { path != nil }

    /// Where screenshots of test runs go (gitignored).
    static var artifacts: URL {
        let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build-test-artifacts")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Rendering {
        var dom: String
        /// Console lines and uncaught errors Chromium logged.
        var consoleErrors: [String]
    }

    /// The DOM of `url` once its scripts have run for `budget` of virtual time, with script errors it logged.
    static func dumpDOM(_ url: String, budget: Int = 8000) throws -> Rendering {
        let (out, err) = try run([
            "--virtual-time-budget=\(budget)", "--enable-logging=stderr", "--v=0", "--dump-dom", url,
        ])
        let errors = err.split(separator: "\n").map(String.init).filter {
            $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error") || $0.contains("error"))
        }
        return Rendering(dom: out, consoleErrors: errors)
    }

    /// Saves a screenshot of `url` to `file` after `budget` of virtual time.
    static func screenshot(_ url: String, to file: URL, width: Int = 1280, height: Int = 900, budget: Int = 8000)
        throws
    {
        try? FileManager.default.removeItem(at: file)
        _ = try run([
            "--virtual-time-budget=\(budget)", "--hide-scrollbars", "--window-size=\(width),\(height)",
            "--screenshot=\(file.path)", url,
        ])
    }

    private static func run(_ arguments: [String]) throws -> (String, String) {
        guard let path else { throw AdminTestError("chromium is not installed") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("brf-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=\(profile.path)",
            ] + arguments
        let outFile = profile.appendingPathExtension("out")
        let errFile = profile.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outFile)
        let errData = try Data(contentsOf: errFile)
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
