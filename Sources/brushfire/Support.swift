import ArgumentParser
import BrushfireCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines for people on stderr.
enum Stderr {
    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    }
}

/// Reads a whole text file.
func readTextFile(_ path: String) throws -> String {
    guard let file = fopen(path, "rb") else {
        throw ValidationError("\(path): cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, 65_536, file) }
        if n == 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Loads a rules file with its version (``Rules/version(ofFile:)``); the built-in defaults, with no version, when
/// none is given.
func loadRuleSet(_ path: String?) throws -> (rules: Rules, version: String?) {
    guard let path else { return (.defaults, nil) }
    let text = try readTextFile(path)
    do {
        return (try Rules.parse(yaml: text), Rules.version(ofFile: text))
    } catch {
        throw ValidationError("\(path): \(error)")
    }
}
