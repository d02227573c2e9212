#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered, synchronous writer of text lines to a file or stdout/stderr, for single-task loops.
public final class LineWriter {
    private let descriptor: Int32
    private let owns: Bool
    private var buffer: [UInt8] = []
    public let path: String

    /// Opens `path` for writing (truncating); `-` is stdout.
    public init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            descriptor = 1
            owns = false
        } else {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw InputError(path: path, message: String(cString: strerror(errno))) }
            descriptor = fd
            owns = true
        }
        buffer.reserveCapacity(1 << 16)
    }

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        self.owns = false
        self.path = "fd\(descriptor)"
    }

    public func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, buffer.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() {
        flush()
        if owns {
            fsync(descriptor)
            Glibc.close(descriptor)
        }
    }

    deinit {
        flush()
        if owns { Glibc.close(descriptor) }
    }
}
