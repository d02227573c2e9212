#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #elseif canImport(Musl)
        Musl.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}

/// Writes text lines to a file or standard output through a 1 MiB buffer, so hundreds of thousands of
/// events cost a few hundred `write` calls instead of one `print` each.
public final class LineWriter {
    /// Why output could not be written, naming the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    private let descriptor: Int32
    private let path: String
    private let ownsFile: Bool
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20

    /// Opens `path` for writing (truncating it), or standard output when `path` is nil or `-`.
    public init(path: String?) throws(Failure) {
        if let path, path != "-" {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            self.descriptor = descriptor
            self.path = path
            ownsFile = true
        } else {
            descriptor = STDOUT_FILENO
            self.path = "standard output"
            ownsFile = false
        }
        buffer.reserveCapacity(capacity)
    }

    /// Appends `line` and a newline.
    public func write(_ line: String) throws(Failure) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws(Failure) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        let failure: Int32? = buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw Failure(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Flushes and, for a file, closes it.
    public func close() throws(Failure) {
        try flush()
        if ownsFile, systemClose(descriptor) != 0 {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
