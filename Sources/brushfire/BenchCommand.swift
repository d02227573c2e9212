import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `brushfire bench`: generates a log of about `--events` simulated events (the seed scenario on a marketplace
/// scaled to that size), then runs `brushfire replay` on it in a child process, several times, and reports
/// events/s (wall time of the whole replay: reading, JSON decoding, fingerprinting, windows, detectors,
/// writing alerts) and the replay's peak resident memory. Build with `-c release` for meaningful figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure replay throughput (events/s) and peak memory on generated events.",
        discussion: """
            Run a release build: swift build -c release && .build/release/brushfire bench. \
            The log is generated once into --dir and reused while its size matches.
            """
    )

    @Option(help: "Approximate number of events to generate.")
    var events: Int = 1_000_000

    @Option(help: "Background shops in the generated market.")
    var shops: Int = 2_000

    @Option(help: "Buyer accounts in the generated market (each with its own phones and addresses).")
    var buyers: Int = 40_000

    @Option(help: "How many times to run the replay (the best and the median are reported).")
    var runs: Int = 3

    @Option(help: "Where to keep the generated log.")
    var dir: String = NSTemporaryDirectory() + "brushfire-bench"

    @Option(help: "Simulated scenario carried by the log.")
    var scenario: String = "reverse-brushing"

    @Option(help: "Extra arguments for replay (e.g. '--rules my.yaml').")
    var replayArguments: String = ""

    func run() async throws {
        guard events >= 10_000 else { throw ValidationError("--events: at least 10000") }
        guard runs >= 1 else { throw ValidationError("--runs: at least 1") }
        let executable = try Self.executablePath()
        // A real (random) key, as in production, and no development-key warning in every child's output.
        if getenv("BRUSHFIRE_FINGERPRINT_KEY") == nil && getenv("BRUSHFIRE_FINGERPRINT_KEY_FILE") == nil {
            let key = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            setenv("BRUSHFIRE_FINGERPRINT_KEY", key, 1)
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Three simulated days; about 1.25 events per order (refunds, reviews, complaints follow orders).
        let ordersPerDay = max(1_000, Int(Double(events) / 1.25 / 3))
        let log = "\(dir)/\(scenario)-\(ordersPerDay)-\(shops)-\(buyers).jsonl"
        if !FileManager.default.fileExists(atPath: log) {
            Stderr.line("bench: generating ~\(events) events into \(log)")
            _ = try Self.spawn(
                executable,
                [
                    "simulate", "--scenario", scenario, "--seed", "1", "--days", "3", "--shops", "\(shops)",
                    "--buyers", "\(buyers)", "--orders-per-day", "\(ordersPerDay)", "--out", log,
                ])
        }
        let lines = try Self.countLines(log)
        let bytes = (try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        var results: [(seconds: Double, cpuSeconds: Double, peakKiB: Int)] = []
        for index in 1...runs {
            let extra = replayArguments.split(separator: " ").map(String.init)
            let result = try Self.spawn(
                executable, ["replay", log, "--alerts", "/dev/null", "--quiet"] + extra)
            results.append(result)
            Stderr.line(
                "bench: run \(index): \(Int(Double(lines) / result.seconds)) events/s, "
                    + "\(Int(Double(lines) / result.cpuSeconds)) events per CPU second, peak RSS \(result.peakKiB / 1024) MiB"
            )
        }
        let sorted = results.map(\.seconds).sorted()
        let best = sorted.first!
        let median = sorted[sorted.count / 2]
        let peak = results.map(\.peakKiB).max()!
        let cpu = results.map(\.cpuSeconds).min()!
        print(
            """
            events:        \(lines) (\(bytes / lines) bytes each, \(bytes / 1_048_576) MiB)
            best:          \(Int(Double(lines) / best)) events/s (\(String(format: "%.2f", best)) s)
            median:        \(Int(Double(lines) / median)) events/s (\(String(format: "%.2f", median)) s)
            per CPU:       \(Int(Double(lines) / cpu)) events per CPU second (user + system; unaffected by other load)
            peak memory:   \(peak / 1024) MiB resident (replay process, max over runs)
            """)
    }

    /// Runs `path arguments`, waits, and returns its wall time and peak resident set. `posix_spawn` and
    /// `wait4` rather than `Process`, whose own reaping would race ours and lose the child's `rusage`.
    static func spawn(_ path: String, _ arguments: [String]) throws -> (
        seconds: Double, cpuSeconds: Double, peakKiB: Int
    ) {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        // ru_maxrss of the child itself, in KiB on Linux.
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - start
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ValidationError("\(path) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (seconds, cpu, Int(usage.ru_maxrss))
    }

    static func countLines(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
        defer { try? handle.close() }
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            count += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        return count
    }

    static func executablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
