import BrushfireCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `--state DIR` layout: one file for the instance's own state and one per input partition, so a partition's
/// shops can be picked up by whichever instance is assigned it next.
///
/// ```
/// DIR/instance-NAME.ckpt            clock, dedup horizon, buyers, phones, platform baseline (one per instance)
/// DIR/partitions/TOPIC-N.ckpt       shops of partition N with their windows, incidents, orders, buffered events
/// ```
public struct StateDirectory: Sendable {
    public let path: String
    /// Names this instance's own file; instances sharing a directory need different names.
    public let instance: String

    public init(path: String, instance: String = "main") throws(CheckpointFileError) {
        self.path = path
        self.instance = instance
        try Self.makeDirectory(path)
        try Self.makeDirectory(path + "/partitions")
    }

    public var instancePath: String { "\(path)/instance-\(Self.safeName(instance)).ckpt" }

    public func partitionPath(topic: String, partition: Int32) -> String {
        "\(path)/partitions/\(Self.safeName(topic))-\(partition).ckpt"
    }

    /// Reads and verifies a checkpoint file; `nil` when there is none.
    public func read(_ path: String) throws(CheckpointFileError) -> CheckpointFile? {
        guard let bytes = try Self.readFile(path) else { return nil }
        return try CheckpointFile.decode(bytes, path: path)
    }

    /// Writes a checkpoint file atomically: temporary file, fsync, rename, fsync of the directory.
    public func write(_ file: CheckpointFile, to path: String) throws(CheckpointFileError) {
        try Self.writeAtomically(file.encoded(), to: path)
    }

    /// The suffix of a partition file's previous version, kept while a round of checkpoints is being written.
    public static let previousSuffix = ".prev"

    /// Keeps the file at `path`, if any, as its previous version (`.prev` suffix, a hard link, replacing the one
    /// there) before it is replaced: the file itself stays in place until the atomic rename of its successor.
    public func keepPrevious(_ path: String) {
        _ = unlink(path + Self.previousSuffix)
        _ = link(path, path + Self.previousSuffix)
    }

    /// Moves an unusable checkpoint aside (`.bad` suffix) so that it is kept for inspection but not read again.
    public func quarantine(_ path: String) {
        _ = rename(path, path + ".bad")
    }

    // MARK: Files

    static func safeName(_ name: String) -> String {
        String(
            name.unicodeScalars.map { scalar in
                let ok =
                    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                    || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "_" || scalar == "-"
                return ok ? Character(scalar) : "_"
            })
    }

    static func makeDirectory(_ path: String) throws(CheckpointFileError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw CheckpointFileError(path: path, .io, "cannot create directory: \(String(cString: strerror(errno)))")
        }
    }

    static func readFile(_ path: String) throws(CheckpointFileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw CheckpointFileError(path: path, .io, String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CheckpointFileError(path: path, .io, String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        // Read straight into the array's storage: a checkpoint can be hundreds of megabytes.
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let n = systemRead(fd, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    if n < 0 { failure = errno }
                    break
                }
                done += n
            }
            initialized = done
        }
        guard failure == 0 else { throw CheckpointFileError(path: path, .io, String(cString: strerror(failure))) }
        return bytes
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CheckpointFileError) {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw CheckpointFileError(path: temporary, .io, "cannot create: \(String(cString: strerror(errno)))")
        }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw CheckpointFileError(path: temporary, .io, "write failed: \(message)")
            }
            done += n
        }
        guard fsync(fd) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw CheckpointFileError(path: temporary, .io, "fsync failed: \(message)")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw CheckpointFileError(path: path, .io, "rename failed: \(message)")
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
