import BrushfireCore
import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One checkpoint file: a fixed header (magic, file format version, kind, body length, CRC-32 of the body),
/// then the body: where the state stands in its input (a Kafka partition's next offset) and the engine's bytes.
///
/// Written atomically: to a temporary file in the same directory, fsynced, renamed over the old file, and the
/// directory fsynced, so a crash leaves either the old checkpoint or the new one, never a mix.
public struct CheckpointFile: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case instance = 1
        case partition = 2
    }

    public var kind: Kind
    /// For a partition: its topic and number; empty and -1 for the instance.
    public var topic: String
    public var partition: Int32
    /// The next offset to read: every record before it is reflected in ``engine`` (processed or buffered).
    public var nextOffset: Int64?
    /// When it was written, wall-clock epoch milliseconds (informational).
    public var writtenAt: Int64
    public var engine: [UInt8]

    public init(
        kind: Kind, topic: String = "", partition: Int32 = -1, nextOffset: Int64? = nil, writtenAt: Int64,
        engine: [UInt8]
    ) {
        self.kind = kind
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
        self.writtenAt = writtenAt
        self.engine = engine
    }

    static let magic: [UInt8] = Array("BRFSTATE".utf8)
    public static let fileVersion: UInt32 = 1
    static let headerSize = 8 + 4 + 1 + 8 + 4

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var body = BinaryWriter(capacity: engine.count + 64)
        body.string(topic)
        body.i32(partition)
        body.optionalI64(nextOffset)
        body.i64(writtenAt)
        body.block(engine)
        var header = BinaryWriter(capacity: Self.headerSize + body.bytes.count)
        for byte in Self.magic { header.u8(byte) }
        header.u32(Self.fileVersion)
        header.u8(kind.rawValue)
        header.u64(UInt64(body.bytes.count))
        header.u32(Self.crc32(body.bytes))
        return header.bytes + body.bytes
    }

    /// Parses and verifies a file's bytes; `path` only names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(CheckpointFileError) -> CheckpointFile {
        guard Array(bytes.prefix(magic.count)) == Array(magic.prefix(bytes.count)) else {
            throw CheckpointFileError(path: path, .corrupt, "not a Brushfire checkpoint (bad magic)")
        }
        guard bytes.count >= headerSize else {
            throw CheckpointFileError(
                path: path, .truncated, "\(bytes.count) bytes, shorter than the \(headerSize)-byte header")
        }
        var reader = BinaryReader(bytes, position: 8)
        do {
            let version = try reader.u32("file version")
            guard version == fileVersion else {
                throw CheckpointFileError(
                    path: path, .incompatible, "file format version \(version), this build reads \(fileVersion)")
            }
            let rawKind = try reader.u8("kind")
            guard let kind = Kind(rawValue: rawKind) else {
                throw CheckpointFileError(path: path, .corrupt, "unknown kind \(rawKind)")
            }
            let length = try reader.u64("body length")
            let checksum = try reader.u32("checksum")
            guard length == UInt64(reader.remaining) else {
                throw CheckpointFileError(
                    path: path, length > UInt64(reader.remaining) ? .truncated : .corrupt,
                    "body is \(reader.remaining) bytes, the header says \(length)")
            }
            let body = Array(bytes[headerSize...])
            guard crc32(body) == checksum else {
                throw CheckpointFileError(path: path, .corrupt, "checksum mismatch")
            }
            var bodyReader = BinaryReader(body)
            let topic = try bodyReader.string("topic")
            let partition = try bodyReader.i32("partition")
            let nextOffset = try bodyReader.optionalI64("next offset")
            let writtenAt = try bodyReader.i64("written at")
            let engine = try bodyReader.block("engine state")
            try bodyReader.expectEnd("the checkpoint body")
            return CheckpointFile(
                kind: kind, topic: topic, partition: partition, nextOffset: nextOffset, writtenAt: writtenAt,
                engine: engine)
        } catch let error as CheckpointError {
            throw CheckpointFileError(path: path, error.reason == .truncated ? .truncated : .corrupt, error.message)
        } catch let error as CheckpointFileError {
            throw error
        } catch {
            throw CheckpointFileError(path: path, .corrupt, "\(error)")
        }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc: UInt = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < buffer.count {
                let chunk = min(buffer.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, buffer.baseAddress! + offset, uInt(chunk))
                offset += chunk
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}

/// A checkpoint file that cannot be used, with the file and the reason; the caller logs it and rebuilds.
public struct CheckpointFileError: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case truncated
        case corrupt
        case incompatible
        case io
    }

    public var path: String
    public var reason: Reason
    public var message: String

    public init(path: String, _ reason: Reason, _ message: String) {
        self.path = path
        self.reason = reason
        self.message = message
    }

    public var description: String {
        "checkpoint \(path) is \(reason == .io ? "unreadable" : reason.rawValue): \(message)"
    }
}
