/// Decodes one JSON event (a line or a Kafka message) from bytes, validating it against event contract v1.
///
/// The hot path scans bytes once, remembers where the known fields lie, then validates them for the event's
/// type; only the strings an `Event` keeps are materialised. Unknown fields are skipped (but must be valid JSON).
public struct EventDecoder: Sendable {
    /// Longer inputs are rejected with `too_long` before any parsing.
    public var maxBytes: Int

    public init(maxBytes: Int = 1 << 20) {
        self.maxBytes = maxBytes
    }

    public func decode(_ bytes: [UInt8]) -> Result<Event, DecodeError> {
        bytes.withUnsafeBytes { decode($0) }
    }

    public func decode(_ bytes: UnsafeRawBufferPointer) -> Result<Event, DecodeError> {
        guard bytes.count <= maxBytes else {
            return .failure(DecodeError(.tooLong, "event is \(bytes.count) bytes, the limit is \(maxBytes)"))
        }
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            return .failure(DecodeError(.malformedJSON, "empty input"))
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        guard UTF8Validation.isValid(base, bytes.count) else {
            return .failure(DecodeError(.invalidUTF8, "input is not valid UTF-8"))
        }
        return withUnsafeTemporaryAllocation(of: JSONScanner.Token?.self, capacity: Field.count) { slots in
            slots.initialize(repeating: nil)
            var reader = FieldReader(base: base, count: bytes.count, slots: slots)
            do throws(DecodeError) {
                try reader.scanTopLevel()
                return .success(try reader.makeEvent())
            } catch {
                return .failure(error)
            }
        }
    }
}

/// The fields of contract v1 that the decoder looks at, by slot.
enum Field: Int {
    case eventID, type, ts, shopID, orderID, buyerID, itemID, amountCents, currency, receiver
    case refundID, reviewID, complaintID, rating, reason, text, filedBy, kind
    case name, phone, address
    static let count = 21

    var key: String {
        switch self {
        case .eventID: "event_id"
        case .type: "type"
        case .ts: "ts"
        case .shopID: "shop_id"
        case .orderID: "order_id"
        case .buyerID: "buyer_id"
        case .itemID: "item_id"
        case .amountCents: "amount_cents"
        case .currency: "currency"
        case .receiver: "receiver"
        case .refundID: "refund_id"
        case .reviewID: "review_id"
        case .complaintID: "complaint_id"
        case .rating: "rating"
        case .reason: "reason"
        case .text: "text"
        case .filedBy: "filed_by"
        case .kind: "kind"
        case .name: "receiver.name"
        case .phone: "receiver.phone"
        case .address: "receiver.address"
        }
    }
}

/// Pulls the known fields out of one event's bytes and validates them for its type.
private struct FieldReader {
    var scanner: JSONScanner
    let slots: UnsafeMutableBufferPointer<JSONScanner.Token?>

    init(base: UnsafePointer<UInt8>, count: Int, slots: UnsafeMutableBufferPointer<JSONScanner.Token?>) {
        self.scanner = JSONScanner(base: base, count: count)
        self.slots = slots
    }

    var base: UnsafePointer<UInt8> { scanner.base }

    // MARK: Scanning

    mutating func scanTopLevel() throws(DecodeError) {
        do {
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "{") else {
                if scanner.peek() != nil, (try? scanner.scanValue()) != nil {
                    scanner.skipWhitespace()
                    if scanner.peek() == nil {
                        throw DecodeError(.notAnObject, "an event must be a JSON object")
                    }
                }
                throw DecodeError(.malformedJSON, JSONScanner(base: base, count: scanner.count).firstFailure())
            }
            try scanObject(receiver: false)
            scanner.skipWhitespace()
            guard scanner.position == scanner.count else {
                throw DecodeError(.malformedJSON, scanner.unexpected("end of input").message)
            }
        } catch let failure as JSONScanner.Failure {
            throw DecodeError(.malformedJSON, failure.message)
        } catch let error as DecodeError {
            throw error
        } catch {
            throw DecodeError(.malformedJSON, "\(error)")
        }
    }

    /// Scans an object at the scanner's position, recording known keys' values into slots.
    mutating func scanObject(receiver: Bool) throws(JSONScanner.Failure) {
        try scanner.expect(UInt8(ascii: "{"), "'{'")
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.position += 1
            return
        }
        while true {
            let key = try scanner.scanString()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"), "':'")
            scanner.skipWhitespace()
            let field = receiver ? receiverField(key) : topLevelField(key)
            if field == .receiver, scanner.peek() == UInt8(ascii: "{") {
                // The receiver's fields are recorded in the same pass; a later `receiver` replaces all of them.
                let start = scanner.position
                slots[Field.name.rawValue] = nil
                slots[Field.phone.rawValue] = nil
                slots[Field.address.rawValue] = nil
                try scanObject(receiver: true)
                slots[Field.receiver.rawValue] = JSONScanner.Token(
                    kind: .object, start: start, end: scanner.position, flag: false)
            } else {
                let value = try scanner.scanValue(depth: receiver ? 2 : 1)
                if let field { slots[field.rawValue] = value }
            }
            scanner.skipWhitespace()
            guard let next = scanner.peek() else { throw scanner.unexpected("',' or '}'") }
            if next == UInt8(ascii: "}") {
                scanner.position += 1
                return
            }
            guard next == UInt8(ascii: ",") else { throw scanner.unexpected("',' or '}'") }
            scanner.position += 1
            scanner.skipWhitespace()
        }
    }

    func keyEquals(_ token: JSONScanner.Token, _ text: StaticString) -> Bool {
        let length = token.end - token.start
        guard length == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for i in 0..<length where base[token.start + i] != p[i] {
            return false
        }
        return true
    }

    func topLevelField(_ key: JSONScanner.Token) -> Field? {
        if key.flag { return fieldByDecodedKey(key, receiver: false) }
        switch key.end - key.start {
        case 2: return keyEquals(key, "ts") ? .ts : nil
        case 4:
            if keyEquals(key, "type") { return .type }
            if keyEquals(key, "kind") { return .kind }
            return keyEquals(key, "text") ? .text : nil
        case 6:
            if keyEquals(key, "rating") { return .rating }
            return keyEquals(key, "reason") ? .reason : nil
        case 7:
            if keyEquals(key, "shop_id") { return .shopID }
            return keyEquals(key, "item_id") ? .itemID : nil
        case 8:
            switch base[key.start] {
            case UInt8(ascii: "e"): return keyEquals(key, "event_id") ? .eventID : nil
            case UInt8(ascii: "o"): return keyEquals(key, "order_id") ? .orderID : nil
            case UInt8(ascii: "b"): return keyEquals(key, "buyer_id") ? .buyerID : nil
            case UInt8(ascii: "r"): return keyEquals(key, "receiver") ? .receiver : nil
            case UInt8(ascii: "c"): return keyEquals(key, "currency") ? .currency : nil
            case UInt8(ascii: "f"): return keyEquals(key, "filed_by") ? .filedBy : nil
            default: return nil
            }
        case 9:
            if keyEquals(key, "refund_id") { return .refundID }
            return keyEquals(key, "review_id") ? .reviewID : nil
        case 12:
            if keyEquals(key, "amount_cents") { return .amountCents }
            return keyEquals(key, "complaint_id") ? .complaintID : nil
        default: return nil
        }
    }

    func receiverField(_ key: JSONScanner.Token) -> Field? {
        if key.flag { return fieldByDecodedKey(key, receiver: true) }
        switch key.end - key.start {
        case 4: return keyEquals(key, "name") ? .name : nil
        case 5: return keyEquals(key, "phone") ? .phone : nil
        case 7: return keyEquals(key, "address") ? .address : nil
        default: return nil
        }
    }

    /// Keys written with escapes (`"ts"` as `"\u0074s"`) are rare: match them after decoding.
    func fieldByDecodedKey(_ key: JSONScanner.Token, receiver: Bool) -> Field? {
        let text = decodeString(key)
        if receiver {
            switch text {
            case "name": return .name
            case "phone": return .phone
            case "address": return .address
            default: return nil
            }
        }
        for raw in 0..<Field.name.rawValue {
            if let field = Field(rawValue: raw), field.key == text { return field }
        }
        return nil
    }

    // MARK: Values

    func token(_ field: Field) -> JSONScanner.Token? {
        guard let token = slots[field.rawValue], token.kind != .null else { return nil }
        return token
    }

    func decodeString(_ token: JSONScanner.Token) -> String {
        let slice = UnsafeBufferPointer(start: base + token.start, count: token.end - token.start)
        guard token.flag else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for k in 0..<4 { value = value << 4 | (JSONScanner.hexValue(slice[at + k]) ?? 0) }
            return value
        }
        while i < slice.count {
            let byte = slice[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = slice[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let unit = hex4(i)
                i += 4
                if unit >= 0xD800 && unit < 0xDC00, i + 5 < slice.count, slice[i] == UInt8(ascii: "\\"),
                    slice[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(i + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        i += 6
                        appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        continue
                    }
                }
                appendScalar(unit)
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Code points in a string token, as JSON Schema's `maxLength` counts them.
    func codePointCount(_ token: JSONScanner.Token) -> Int {
        if token.flag { return decodeString(token).unicodeScalars.count }
        if token.ascii { return token.end - token.start }
        var n = 0
        for i in token.start..<token.end where base[i] & 0xC0 != 0x80 {
            n += 1
        }
        return n
    }

    func kindName(_ kind: JSONScanner.ValueKind) -> String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    func string(_ field: Field, required: Bool, minLength: Int = 1, maxLength: Int) throws(DecodeError) -> String? {
        guard let token = token(field) else {
            if required {
                if let present = slots[field.rawValue] {
                    throw DecodeError(.wrongType, field: field.key, "expected a string, got \(kindName(present.kind))")
                }
                throw DecodeError(.missingField, field: field.key, "required field is missing")
            }
            return nil
        }
        guard token.kind == .string else {
            throw DecodeError(.wrongType, field: field.key, "expected a string, got \(kindName(token.kind))")
        }
        let length = codePointCount(token)
        guard length >= minLength, length <= maxLength else {
            throw DecodeError(
                .invalidValue, field: field.key,
                "expected \(minLength)–\(maxLength) characters, got \(length)")
        }
        return decodeString(token)
    }

    enum Integer {
        case value(Int64)
        case outOfRange
        case notInteger
    }

    func integer(_ token: JSONScanner.Token) -> Integer {
        if !token.flag {
            var i = token.start
            let negative = base[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            guard token.end - i <= 18 else { return .outOfRange }
            var value: Int64 = 0
            while i < token.end {
                value = value * 10 + Int64(base[i] - 0x30)
                i += 1
            }
            return .value(negative ? -value : value)
        }
        let text = String(
            decoding: UnsafeBufferPointer(start: base + token.start, count: token.end - token.start), as: UTF8.self)
        guard let double = Double(text), double.isFinite, double.rounded(.towardZero) == double else {
            return .notInteger
        }
        guard abs(double) < 1e18 else { return .outOfRange }
        return .value(Int64(double))
    }

    func integer(_ field: Field, required: Bool, in range: ClosedRange<Int64>) throws(DecodeError) -> Int64? {
        guard let token = token(field) else {
            if required {
                if let present = slots[field.rawValue] {
                    throw DecodeError(
                        .wrongType, field: field.key, "expected an integer, got \(kindName(present.kind))")
                }
                throw DecodeError(.missingField, field: field.key, "required field is missing")
            }
            return nil
        }
        guard token.kind == .number else {
            throw DecodeError(.wrongType, field: field.key, "expected an integer, got \(kindName(token.kind))")
        }
        switch integer(token) {
        case .value(let value) where range.contains(value):
            return value
        case .value, .outOfRange:
            throw DecodeError(
                .invalidValue, field: field.key, "expected an integer from \(range.lowerBound) to \(range.upperBound)")
        case .notInteger:
            throw DecodeError(.wrongType, field: field.key, "expected an integer, got a fractional number")
        }
    }

    func timestamp() throws(DecodeError) -> Int64 {
        guard let token = slots[Field.ts.rawValue] else {
            throw DecodeError(.missingField, field: "ts", "required field is missing")
        }
        switch token.kind {
        case .number:
            switch integer(token) {
            case .value(let value) where value >= Timestamp.earliest && value < Timestamp.endOfRange:
                return value
            case .value, .outOfRange:
                throw DecodeError(
                    .timestampOutOfRange, field: "ts",
                    "epoch milliseconds must lie in 2000-01-01 … 2099-12-31 (\(Timestamp.earliest)..<\(Timestamp.endOfRange))"
                )
            case .notInteger:
                throw DecodeError(.wrongType, field: "ts", "expected integer epoch milliseconds or an RFC 3339 string")
            }
        case .string:
            guard token.flag else { return try RFC3339.parse(base + token.start, token.end - token.start) }
            // Written with escapes (`\u002B08:00`): rare, so decode the string first and parse that.
            let text = Array(decodeString(token).utf8)
            return try text.withUnsafeBufferPointer { buffer throws(DecodeError) in
                guard let start = buffer.baseAddress else {
                    throw DecodeError(.invalidValue, field: "ts", "expected an RFC 3339 date-time")
                }
                return try RFC3339.parse(start, buffer.count)
            }
        default:
            throw DecodeError(
                .wrongType, field: "ts",
                "expected integer epoch milliseconds or an RFC 3339 string, got \(kindName(token.kind))")
        }
    }

    func enumValue<T>(_ field: Field, _ cases: [(StaticString, T)]) throws(DecodeError) -> T {
        guard let token = token(field) else {
            if let present = slots[field.rawValue] {
                throw DecodeError(.wrongType, field: field.key, "expected a string, got \(kindName(present.kind))")
            }
            throw DecodeError(.missingField, field: field.key, "required field is missing")
        }
        guard token.kind == .string else {
            throw DecodeError(.wrongType, field: field.key, "expected a string, got \(kindName(token.kind))")
        }
        if !token.flag {
            for (name, value) in cases where keyEquals(token, name) {
                return value
            }
        } else {
            let text = decodeString(token)
            for (name, value) in cases where name.description == text {
                return value
            }
        }
        let names = cases.map { "\($0.0)" }.joined(separator: ", ")
        if field == .type {
            throw DecodeError(.unknownType, field: "type", "unknown event type; expected one of \(names)")
        }
        throw DecodeError(.invalidValue, field: field.key, "expected one of \(names)")
    }

    // MARK: Building the event

    static let eventTypes: [(StaticString, EventType)] = [
        ("order", .order), ("refund", .refund), ("review", .review), ("complaint", .complaint),
    ]
    static let parties: [(StaticString, ComplaintParty)] = [("buyer", .buyer), ("shop", .shop)]
    static let complaintKinds: [(StaticString, ComplaintKind)] = [
        ("harassment", .harassment), ("extortion", .extortion), ("other", .other),
    ]
    static let idLength = 128
    static let maxAmount: Int64 = 1_000_000_000_000

    /// Checks the fields in contract order (the first fault is the one reported) and builds the event in one go.
    func makeEvent() throws(DecodeError) -> Event {
        let eventID = try string(.eventID, required: true, maxLength: Self.idLength)!
        let type = try enumValue(.type, Self.eventTypes)
        let timestamp = try timestamp()
        let shopID = try string(.shopID, required: true, maxLength: Self.idLength)!
        switch type {
        case .order:
            let orderID = try string(.orderID, required: true, maxLength: Self.idLength)
            let buyerID = try string(.buyerID, required: true, maxLength: Self.idLength)!
            let itemID = try string(.itemID, required: true, maxLength: Self.idLength)
            let amountCents = try integer(.amountCents, required: true, in: 0...Self.maxAmount)
            let currency = try currency()
            let receiver = try receiver()
            return Event(
                eventID: eventID, type: type, timestamp: timestamp, shopID: shopID, buyerID: buyerID, orderID: orderID,
                itemID: itemID, amountCents: amountCents, currency: currency, receiver: receiver)
        case .refund:
            let orderID = try string(.orderID, required: true, maxLength: Self.idLength)
            let buyerID = try string(.buyerID, required: true, maxLength: Self.idLength)!
            let refundID = try string(.refundID, required: true, maxLength: Self.idLength)
            let amountCents = try integer(.amountCents, required: true, in: 0...Self.maxAmount)
            let reason = try string(.reason, required: false, minLength: 0, maxLength: 10_000)
            return Event(
                eventID: eventID, type: type, timestamp: timestamp, shopID: shopID, buyerID: buyerID, orderID: orderID,
                amountCents: amountCents, recordID: refundID, reason: reason)
        case .review:
            let orderID = try string(.orderID, required: true, maxLength: Self.idLength)
            let buyerID = try string(.buyerID, required: true, maxLength: Self.idLength)!
            let reviewID = try string(.reviewID, required: true, maxLength: Self.idLength)
            let rating = try integer(.rating, required: true, in: 1...5).map { Int($0) }
            try checkOptionalText(.text)
            return Event(
                eventID: eventID, type: type, timestamp: timestamp, shopID: shopID, buyerID: buyerID, orderID: orderID,
                recordID: reviewID, rating: rating)
        case .complaint:
            let complaintID = try string(.complaintID, required: true, maxLength: Self.idLength)
            let buyerID = try string(.buyerID, required: true, maxLength: Self.idLength)!
            let filedBy = try enumValue(.filedBy, Self.parties)
            let kind = try enumValue(.kind, Self.complaintKinds)
            let orderID = try string(.orderID, required: false, maxLength: Self.idLength)
            return Event(
                eventID: eventID, type: type, timestamp: timestamp, shopID: shopID, buyerID: buyerID, orderID: orderID,
                recordID: complaintID, filedBy: filedBy, complaintKind: kind)
        }
    }

    /// Review text is validated but not kept: the core has no use for it.
    func checkOptionalText(_ field: Field) throws(DecodeError) {
        guard let token = token(field) else { return }
        guard token.kind == .string else {
            throw DecodeError(.wrongType, field: field.key, "expected a string, got \(kindName(token.kind))")
        }
        let length = codePointCount(token)
        guard length <= 10_000 else {
            throw DecodeError(.invalidValue, field: field.key, "expected at most 10000 characters, got \(length)")
        }
    }

    func currency() throws(DecodeError) -> String? {
        guard let token = token(.currency) else { return nil }
        guard token.kind == .string else {
            throw DecodeError(.wrongType, field: "currency", "expected a string, got \(kindName(token.kind))")
        }
        let text = decodeString(token)
        guard text.utf8.count == 3, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw DecodeError(.invalidValue, field: "currency", "expected a three-letter upper-case ISO 4217 code")
        }
        return text
    }

    /// The receiver's fields were recorded while scanning (`scanObject`), so only their values are checked here.
    func receiver() throws(DecodeError) -> Receiver? {
        guard let token = token(.receiver) else { return nil }
        guard token.kind == .object else {
            throw DecodeError(.wrongType, field: "receiver", "expected an object, got \(kindName(token.kind))")
        }
        return Receiver(
            name: try string(.name, required: false, minLength: 0, maxLength: 256),
            phone: try string(.phone, required: false, minLength: 0, maxLength: 64),
            address: try string(.address, required: false, minLength: 0, maxLength: 1024))
    }
}

extension JSONScanner {
    /// Re-scans from the start to describe the first syntax error.
    func firstFailure() -> String {
        var copy = self
        copy.position = 0
        copy.skipWhitespace()
        do {
            _ = try copy.scanValue()
            copy.skipWhitespace()
            if copy.position < copy.count { return copy.unexpected("end of input").message }
            return "not a JSON object"
        } catch {
            return error.message
        }
    }
}
