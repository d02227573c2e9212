import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an input could not be read.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Reads JSON lines from a file or stdin (`-`), plain or gzip-compressed (detected from the content), in large
/// chunks. A line longer than `maxLineBytes` is reported as too long without being held in memory.
public struct LineReader: ~Copyable {
    public let path: String
    private let file: gzFile
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var eof = false
    public private(set) var lineNumber = 0
    public let maxLineBytes: Int

    public init(path: String, maxLineBytes: Int = 1 << 20) throws(InputError) {
        self.path = path
        self.maxLineBytes = maxLineBytes
        let handle: gzFile?
        if path == "-" {
            handle = gzdopen(dup(0), "rb")
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw InputError(path: path, message: String(cString: strerror(errno)))
            }
            guard (info.st_mode & S_IFMT) != S_IFDIR else { throw InputError(path: path, message: "is a directory") }
            handle = gzopen(path, "rb")
        }
        guard let handle else {
            throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        gzbuffer(handle, 1 << 17)
        self.file = handle
        self.buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    deinit {
        gzclose(file)
    }

    /// One line from the input.
    public enum Line {
        case text(UnsafeRawBufferPointer)
        /// The line exceeded the limit; `length` is its full length in bytes and `prefix` its first bytes.
        case tooLong(length: Int, prefix: [UInt8])
    }

    /// Calls `body` for each line (without its newline) until the input ends. Returns false if `body` asks to stop.
    public mutating func forEachLine(_ body: (Line, Int) throws -> Bool) throws -> Bool {
        while true {
            // Find a newline in what is buffered.
            if let newline = findNewline(from: start) {
                lineNumber += 1
                var lineEnd = newline
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let keepGoing = try buffer.withUnsafeBytes { raw in
                    try body(.text(UnsafeRawBufferPointer(rebasing: raw[start..<lineEnd])), lineNumber)
                }
                start = newline + 1
                if !keepGoing { return false }
                continue
            }
            if eof {
                if start < end {
                    lineNumber += 1
                    let keepGoing = try buffer.withUnsafeBytes { raw in
                        try body(.text(UnsafeRawBufferPointer(rebasing: raw[start..<end])), lineNumber)
                    }
                    start = end
                    return keepGoing
                }
                return true
            }
            if end - start > maxLineBytes {
                lineNumber += 1
                let prefix = Array(buffer[start..<(start + min(4096, end - start))])
                let length = try skipRestOfLine(alreadyRead: end - start)
                if !(try body(.tooLong(length: length, prefix: prefix), lineNumber)) { return false }
                continue
            }
            try refill()
        }
    }

    private func findNewline(from index: Int) -> Int? {
        buffer.withUnsafeBytes { raw -> Int? in
            guard index < end, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + index, 0x0A, end - index) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    private mutating func refill() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, pending)
                }
            }
            start = 0
            end = pending
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let capacity = buffer.count - end
        let n = buffer.withUnsafeMutableBytes { raw in
            gzread(file, raw.baseAddress! + end, UInt32(min(capacity, Int(Int32.max))))
        }
        if n < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            throw InputError(path: path, message: message)
        }
        if n == 0 { eof = true }
        end += Int(n)
    }

    /// Discards the rest of an over-long line, returning its total length.
    private mutating func skipRestOfLine(alreadyRead: Int) throws -> Int {
        var length = alreadyRead
        start = 0
        end = 0
        while true {
            try refill()
            if let newline = findNewline(from: 0) {
                length += newline
                start = newline + 1
                return length
            }
            length += end
            if eof {
                start = end
                return length
            }
            start = 0
            end = 0
        }
    }
}
