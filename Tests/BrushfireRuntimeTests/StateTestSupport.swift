import BrushfireCore
import BrushfireRuntime
import Foundation

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ prefix: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ lines: [String], to name: String) throws -> String {
        let target = file(name)
        try (lines.joined(separator: "\n") + "\n").write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Each incident's last alert (JSON line), by alert id: what an uninterrupted and an interrupted run must agree on.
func finalAlertsByID(_ alerts: [Alert]) -> [String: String] {
    var last: [String: String] = [:]
    for alert in alerts { last[alert.alertID] = alert.jsonLine() }
    return last
}

/// The same for alerts read back as JSON lines.
func finalAlertsByID(lines: [String]) -> [String: String] {
    var last: [String: String] = [:]
    for line in lines {
        guard let range = line.range(of: #""alert_id":""#) else { continue }
        let id = line[range.upperBound...].prefix { $0 != "\"" }
        last[String(id)] = line
    }
    return last
}

/// Runs what a state directory holds to its end: the instance file, then every partition file, then `finish()`.
/// With the alerts a daemon already emitted, this gives what one uninterrupted replay gives.
func finishFromState(_ path: String, instance: String = "main") throws -> [Alert] {
    let directory = try StateDirectory(path: path, instance: instance)
    var engine = Engine()
    if let file = try directory.read(directory.instancePath) { try engine.restore(instance: file.engine) }
    let names = try FileManager.default.contentsOfDirectory(atPath: path + "/partitions").filter {
        $0.hasSuffix(".ckpt")
    }
    for name in names.sorted() {
        if let file = try directory.read("\(path)/partitions/\(name)") { try engine.restore(partition: file.engine) }
    }
    return engine.advance() + engine.finish()
}

/// The next offsets the partition files of a state directory were written at, summed: how far it reflects input.
func checkpointedOffsets(_ path: String) -> Int64 {
    guard let directory = try? StateDirectory(path: path),
        let names = try? FileManager.default.contentsOfDirectory(atPath: path + "/partitions")
    else { return 0 }
    var total: Int64 = 0
    for name in names where name.hasSuffix(".ckpt") {
        total += (try? directory.read("\(path)/partitions/\(name)"))??.nextOffset ?? 0
    }
    return total
}
