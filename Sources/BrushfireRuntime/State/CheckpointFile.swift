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
        var prefix = BinaryWriter(capacity: 64 + topic.utf8.count)
        var topic = topic
        prefix.u32(UInt32(topic.utf8.count))
        topic.withUTF8 { prefix.raw(UnsafeRawBufferPointer($0)) }
        prefix.i32(partition)
        prefix.optionalI64(nextOffset)
        prefix.i64(writtenAt)
        prefix.u64(UInt64(engine.count))
        let body = prefix.finish()
        // The body is the prefix and the engine's bytes: checksummed in two steps rather than assembled first.
        let checksum = body.withUnsafeBytes { prefixBytes in
            engine.withUnsafeBytes { Self.crc32($0, continuing: Self.crc32(prefixBytes)) }
        }
        var file = BinaryWriter(capacity: Self.headerSize + body.count + engine.count)
        for byte in Self.magic { file.u8(byte) }
        file.u32(Self.fileVersion)
        file.u8(kind.rawValue)
        file.u64(UInt64(body.count + engine.count))
        file.u32(checksum)
        body.withUnsafeBytes { file.raw($0) }
        engine.withUnsafeBytes { file.raw($0) }
        return file.finish()
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
            let computed = bytes.withUnsafeBytes { crc32(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
            guard computed == checksum else {
                throw CheckpointFileError(path: path, .corrupt, "checksum mismatch")
            }
            let topicLength = try reader.u32("topic length")
            guard topicLength <= UInt32(reader.remaining) else {
                throw CheckpointFileError(path: path, .truncated, "topic of \(topicLength) bytes")
            }
            let topicStart = reader.position
            let topic = String(decoding: bytes[topicStart..<topicStart + Int(topicLength)], as: UTF8.self)
            reader = BinaryReader(bytes, position: topicStart + Int(topicLength))
            let partition = try reader.i32("partition")
            let nextOffset = try reader.optionalI64("next offset")
            let writtenAt = try reader.i64("written at")
            let engine = try reader.block("engine state")
            try reader.expectEnd("the checkpoint body")
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

    /// The CRC-32 of `bytes`, continuing one computed over the bytes before them.
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32? = nil) -> UInt32 {
        var crc: UInt = previous.map { UInt($0) } ?? CZlib.crc32(0, nil, 0)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return UInt32(truncatingIfNeeded: crc)
        }
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, base + offset, uInt(chunk))
            offset += chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}

/// A checkpoint file that cannot be used, with the file and the reason; the caller logs it and rebuilds.
public struct CheckpointFileError: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case truncated
        case corrupt
        case incompatible
        case io
        /// The engine's state could not be encoded (nothing was written).
        case unencodable
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
        switch reason {
        case .io: "checkpoint \(path) is unreadable: \(message)"
        case .unencodable: "checkpoint \(path) cannot be written: \(message)"
        default: "checkpoint \(path) is \(reason.rawValue): \(message)"
        }
    }
}
