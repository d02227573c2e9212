import Foundation

/// Evidence packs on disk, `<alert_id>.json` and `<alert_id>.html` in one directory: the daemon writes a pack
/// there once its incident resolves (and again when its shop is retired, with the refunds that came after), so a
/// shop's appeal material survives restarts, deploys and the collector's memory limits. Files are replaced
/// atomically; a reader sees the old pack or the new one, never half of one.
public struct EvidenceStore: Sendable {
    public let directory: URL

    /// Opens (creating it if missing) the store at `path`.
    public init(path: String) throws {
        directory = URL(fileURLWithPath: path, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError(path: path, underlying: error)
        }
    }

    /// Writes both files of `pack`.
    public func write(_ pack: EvidencePack) throws {
        try pack.write(into: directory)
    }

    /// The stored JSON of the pack of `alertID`, if there is one.
    public func json(_ alertID: String) -> Data? {
        guard let url = file(alertID, "json") else { return nil }
        return try? Data(contentsOf: url)
    }

    /// The stored page of the pack of `alertID`, if there is one.
    public func html(_ alertID: String) -> String? {
        guard let url = file(alertID, "html") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The file of an alert id; none for a string that is not one (nothing outside the directory is ever read).
    private func file(_ alertID: String, _ ext: String) -> URL? {
        let allowed = alertID.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a)
                || byte == 0x2d || byte == 0x5f
        }
        guard allowed, !alertID.isEmpty, alertID.utf8.count <= 128 else { return nil }
        return directory.appendingPathComponent("\(alertID).\(ext)")
    }
}

extension EvidencePack {
    /// Writes `<alert_id>.json` and `<alert_id>.html` into `directory`, each replaced atomically.
    func write(into directory: URL) throws {
        let json = directory.appendingPathComponent("\(alertID).json")
        let html = directory.appendingPathComponent("\(alertID).html")
        do {
            try self.json().write(to: json, options: .atomic)
            try self.html().write(to: html, atomically: true, encoding: .utf8)
        } catch {
            throw ReportError(path: json.deletingPathExtension().path + ".{json,html}", underlying: error)
        }
    }
}
