import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole text file, gzip-compressed or plain (zlib tells them apart by content), as UTF-8.
enum CompressedTextFile {
    /// Why a file could not be read: its path and the system's or zlib's reason.
    struct ReadError: Error, Sendable, CustomStringConvertible {
        var path: String
        var message: String
        var description: String { "\(path): \(message)" }
    }

    /// True when `path` names something that exists.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The file's text; bytes that are not UTF-8 become U+FFFD.
    static func text(atPath path: String) throws(ReadError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReadError(path: path, message: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw ReadError(path: path, message: "is a directory") }
        guard let file = gzopen(path, "rb") else {
            throw ReadError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 17)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw ReadError(path: path, message: "cannot read: \(message)")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(count)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
