import BrushfireCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file sink could not write.
public struct SinkError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Writes alerts as JSON lines to a file (appending) or to stdout. `write` returns once the lines are handed
/// to the operating system; `flush` also fsyncs a file.
public actor FileAlertSink: AlertSink {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    public let path: String

    /// Appends to `path`, creating it if needed; `-` means stdout.
    public init(path: String, truncate: Bool = false) throws {
        self.path = path
        if path == "-" {
            descriptor = 1
            ownsDescriptor = false
        } else {
            let flags = O_WRONLY | O_CREAT | (truncate ? O_TRUNC : O_APPEND) | O_CLOEXEC
            let fd = open(path, flags, 0o644)
            guard fd >= 0 else {
                throw SinkError("\(path): cannot open for writing: \(String(cString: strerror(errno)))")
            }
            descriptor = fd
            ownsDescriptor = true
        }
    }

    public static func stdout() -> FileAlertSink {
        try! FileAlertSink(path: "-")
    }

    public func write(_ alerts: [Alert]) async throws {
        guard !alerts.isEmpty else { return }
        var text = ""
        for alert in alerts {
            text += alert.jsonLine()
            text += "\n"
        }
        try writeAll(Array(text.utf8))
    }

    /// Writes raw bytes (used for rejects and other line outputs that share this sink's file handling).
    public func writeLines(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        try writeAll(Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, bytes.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SinkError("\(path): write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    public func flush() async throws {
        if ownsDescriptor { fsync(descriptor) }
    }

    public func close() async throws {
        if ownsDescriptor {
            fsync(descriptor)
            Glibc.close(descriptor)
        }
    }
}
