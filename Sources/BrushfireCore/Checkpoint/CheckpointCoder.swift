/// A positional binary `Encoder` over ``BinaryWriter``, for stored types that are `Codable` (the ring detectors'
/// state, the minute history): synthesized conformances encode and decode their fields in declaration order, so
/// keys are not written. Optionals in keyed containers carry a presence byte; unkeyed containers a count;
/// dictionaries keyed by `Int` or `String` write their keys. Not a general-purpose format: both sides must be the
/// same build (the checkpoint's format version and window key guard that).
final class CheckpointEncoder: Encoder {
    var writer: BinaryWriter
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(writer: BinaryWriter) {
        self.writer = writer
    }

    static func encode<T: Encodable>(_ value: T, into writer: inout BinaryWriter) throws {
        let encoder = CheckpointEncoder(writer: writer)
        writer = BinaryWriter(capacity: 0)
        defer { writer = encoder.writer }
        try encoder.encodeValue(value)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: self) }
    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    func encodeValue<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not dynamic casts: this runs for every stored field.
        if T.self == Int64.self {
            writer.i64(unsafeBitCast(value, to: Int64.self))
        } else if T.self == UInt64.self {
            writer.u64(unsafeBitCast(value, to: UInt64.self))
        } else if T.self == Int32.self {
            writer.i32(unsafeBitCast(value, to: Int32.self))
        } else if T.self == Int.self {
            writer.int(unsafeBitCast(value, to: Int.self))
        } else if T.self == Bool.self {
            writer.bool(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Double.self {
            writer.f64(unsafeBitCast(value, to: Double.self))
        } else if T.self == String.self {
            writer.string(value as! String)
        } else if T.self == UInt8.self {
            writer.u8(unsafeBitCast(value, to: UInt8.self))
        } else if T.self == UInt32.self {
            writer.u32(unsafeBitCast(value, to: UInt32.self))
        } else if T.self == [UInt64].self {
            let values = value as! [UInt64]
            writer.count(values.count)
            writer.reserve(values.count * 8)
            for element in values { writer.u64(element) }
        } else if T.self == [Int64].self {
            let values = value as! [Int64]
            writer.count(values.count)
            writer.reserve(values.count * 8)
            for element in values { writer.i64(element) }
        } else if T.self == Float.self {
            writer.u32(unsafeBitCast(value, to: Float.self).bitPattern)
        } else if T.self == Int8.self || T.self == Int16.self || T.self == UInt16.self || T.self == UInt.self {
            throw unsupported("\(T.self)")
        } else if let value = value as? any CheckpointKeyedDictionary {
            try value.writeEntries(self)
        } else {
            try value.encode(to: self)
        }
    }

    func unsupported(_ what: String) -> EncodingError {
        EncodingError.invalidValue(what, .init(codingPath: codingPath, debugDescription: "not supported: \(what)"))
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: CheckpointEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil(forKey key: Key) throws { throw encoder.unsupported("nil for \(key.stringValue)") }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder.encodeValue(value) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            encoder.writer.bool(value != nil)
            if let value { try encoder.encodeValue(value) }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value) }

        private func present<T: Encodable>(_ value: T?) throws {
            encoder.writer.bool(value != nil)
            if let value { try encoder.encodeValue(value) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            encoder.container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            encoder.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: CheckpointEncoder
        let position: Int
        private(set) var count = 0
        var codingPath: [any CodingKey] { encoder.codingPath }

        init(encoder: CheckpointEncoder) {
            self.encoder = encoder
            position = encoder.writer.bytes.count
            encoder.writer.count(0)
        }

        mutating func encodeNil() throws { throw encoder.unsupported("nil in a list") }
        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            encoder.writer.patchCount(at: position, count)
            try encoder.encodeValue(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            count += 1
            encoder.writer.patchCount(at: position, count)
            return encoder.container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            count += 1
            encoder.writer.patchCount(at: position, count)
            return encoder.unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { encoder }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: CheckpointEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }
        mutating func encodeNil() throws { throw encoder.unsupported("a nil value") }
        mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
    }
}

/// Reads what ``CheckpointEncoder`` wrote; every failure becomes a ``CheckpointError``.
final class CheckpointDecoder: Decoder {
    var reader: BinaryReader
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(reader: BinaryReader) {
        self.reader = reader
    }

    static func decode<T: Decodable>(_ type: T.Type, from reader: inout BinaryReader) throws(CheckpointError) -> T {
        let decoder = CheckpointDecoder(reader: reader)
        do {
            let value = try decoder.decodeValue(type)
            reader = decoder.reader
            return value
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError(.malformed, "\(T.self): \(error)")
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try Unkeyed(decoder: self) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Int64.self { return unsafeBitCast(try reader.i64(), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try reader.u64(), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try reader.i32(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try reader.int(), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try reader.bool(), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try reader.f64(), to: T.self) }
        if T.self == String.self { return try reader.string() as! T }
        if T.self == UInt8.self { return unsafeBitCast(try reader.u8(), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try reader.u32(), to: T.self) }
        if T.self == [UInt64].self {
            let count = try reader.count("list", minimumSize: 8)
            var values: [UInt64] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try reader.u64()) }
            return values as! T
        }
        if T.self == [Int64].self {
            let count = try reader.count("list", minimumSize: 8)
            var values: [Int64] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try reader.i64()) }
            return values as! T
        }
        if T.self == Float.self { return unsafeBitCast(Float(bitPattern: try reader.u32()), to: T.self) }
        if T.self == Int8.self || T.self == Int16.self || T.self == UInt16.self || T.self == UInt.self {
            throw unsupported("\(T.self)")
        }
        if let dictionary = T.self as? any CheckpointKeyedDictionary.Type {
            return try dictionary.readEntries(self) as! T
        }
        return try T(from: self)
    }

    func unsupported(_ what: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not supported: \(what)"))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: CheckpointDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { throw decoder.unsupported("nil for \(key.stringValue)") }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.decodeValue(type) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(type) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(type) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(type) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(type) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(type) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(type) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(type) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(type) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type) }

        private func present<T: Decodable>(_ type: T.Type) throws -> T? {
            try decoder.reader.bool("presence") ? try decoder.decodeValue(type) : nil
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try decoder.container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder.unkeyedContainer()
        }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: CheckpointDecoder
        let count: Int?
        private(set) var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var isAtEnd: Bool { currentIndex >= (count ?? 0) }

        init(decoder: CheckpointDecoder) throws {
            self.decoder = decoder
            count = try decoder.reader.count("list")
        }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard !isAtEnd else { throw decoder.unsupported("reading past the end of a list") }
            currentIndex += 1
            return try decoder.decodeValue(type)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            currentIndex += 1
            return try decoder.container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            currentIndex += 1
            return try decoder.unkeyedContainer()
        }
        mutating func superDecoder() throws -> any Decoder { decoder }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: CheckpointDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
    }
}

/// Dictionaries that `Codable` would write through a keyed container (keys `Int` or `String`): written as a count
/// and key–value pairs, since the positional containers do not keep keys.
protocol CheckpointKeyedDictionary {
    func writeEntries(_ encoder: CheckpointEncoder) throws
    static func readEntries(_ decoder: CheckpointDecoder) throws -> Self
}

extension Dictionary: CheckpointKeyedDictionary where Key: CheckpointDictionaryKey, Value: Codable {
    func writeEntries(_ encoder: CheckpointEncoder) throws {
        encoder.writer.count(count)
        for (key, value) in self {
            try encoder.encodeValue(key)
            try encoder.encodeValue(value)
        }
    }

    static func readEntries(_ decoder: CheckpointDecoder) throws -> Self {
        let count = try decoder.reader.count("dictionary entries", minimumSize: 2)
        var result: Self = [:]
        result.reserveCapacity(count)
        for _ in 0..<count {
            let key = try decoder.decodeValue(Key.self)
            result[key] = try decoder.decodeValue(Value.self)
        }
        return result
    }
}

/// Dictionary keys that `Codable` writes as coding keys.
protocol CheckpointDictionaryKey: Hashable, Codable {}
extension Int: CheckpointDictionaryKey {}
extension String: CheckpointDictionaryKey {}
