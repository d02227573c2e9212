import BrushfireCore
import Testing

/// Bad input gets a stable reason and names the field at fault; good input of every type decodes to the
/// right `Event` values, with both forms of `ts`.
struct DecoderRejectionTests {
    /// One bad input and what the decoder must say about it.
    struct Rejection: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var reason: DecodeError.Reason
        var field: String?

        init(_ name: String, _ text: String, _ reason: DecodeError.Reason, field: String? = nil) {
            self.init(name, Array(text.utf8), reason, field: field)
        }

        init(_ name: String, _ bytes: [UInt8], _ reason: DecodeError.Reason, field: String? = nil) {
            self.name = name
            self.bytes = bytes
            self.reason = reason
            self.field = field
        }

        var testDescription: String { name }
    }

    static let order =
        #"{"event_id":"ev-1","type":"order","ts":1794362400123,"shop_id":"shop-1","order_id":"o-1","#
        + #""buyer_id":"b-1","item_id":"i-1","amount_cents":1990}"#
    static let refund =
        #"{"event_id":"ev-2","type":"refund","ts":1794362400123,"shop_id":"shop-1","order_id":"o-1","#
        + #""buyer_id":"b-1","refund_id":"r-1","amount_cents":1990}"#
    static let review =
        #"{"event_id":"ev-3","type":"review","ts":1794362400123,"shop_id":"shop-1","order_id":"o-1","#
        + #""buyer_id":"b-1","review_id":"rv-1","rating":1}"#
    static let complaint =
        #"{"event_id":"ev-4","type":"complaint","ts":1794362400123,"shop_id":"shop-1","#
        + #""complaint_id":"c-1","buyer_id":"b-1","filed_by":"shop","kind":"extortion"}"#

    /// `base` with `"key":old` replaced by `"key":json`, or with the field removed when `json` is nil.
    static func edit(_ base: String, _ key: String, _ json: String?) -> String {
        let marker = "\"\(key)\":"
        guard let keyRange = base.range(of: marker) else {
            guard let json else { return base }
            return String(base.dropLast()) + ",\(marker)\(json)}"
        }
        var end = keyRange.upperBound
        var depth = 0
        var inString = false
        var escaped = false
        while end < base.endIndex {
            let c = base[end]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
            } else if c == "\"" {
                inString = true
            } else if c == "{" || c == "[" {
                depth += 1
            } else if c == "}" || c == "]" {
                if depth == 0 { break }
                depth -= 1
            } else if c == "," && depth == 0 {
                break
            }
            end = base.index(after: end)
        }
        guard let json else {
            // Drop the field together with one neighbouring comma.
            var start = keyRange.lowerBound
            if end < base.endIndex, base[end] == "," {
                end = base.index(after: end)
            } else if start > base.startIndex, base[base.index(before: start)] == "," {
                start = base.index(before: start)
            }
            return String(base[..<start] + base[end...])
        }
        return String(base[..<keyRange.upperBound]) + json + String(base[end...])
    }

    static let rejections: [Rejection] = {
        var cases: [Rejection] = [
            // Truncated or otherwise broken JSON.
            Rejection("truncated inside the type", #"{"event_id":"ev-1","type":"ord"#, .malformedJSON),
            Rejection("truncated before the closing brace", String(order.dropLast()), .malformedJSON),
            Rejection("truncated after a colon", #"{"event_id":"ev-1","type":"#, .malformedJSON),
            Rejection("empty input", "", .malformedJSON),
            Rejection("trailing garbage", order + " x", .malformedJSON),
            Rejection("two objects", order + order, .malformedJSON),
            Rejection("NaN in an unknown field", String(order.dropLast()) + #","x":NaN}"#, .malformedJSON),
            Rejection("trailing comma", String(order.dropLast()) + ",}", .malformedJSON),
            Rejection("invalid escape", edit(order, "buyer_id", #""\x41""#), .malformedJSON),
            Rejection("raw control character in a string", edit(order, "buyer_id", "\"a\u{1}b\""), .malformedJSON),

            // Not an object.
            Rejection("an array", "[" + order + "]", .notAnObject),
            Rejection("a string", #""order""#, .notAnObject),
            Rejection("a number", "42", .notAnObject),
            Rejection("null", "null", .notAnObject),

            // Wrong types.
            Rejection("event_id a number", edit(order, "event_id", "17"), .wrongType, field: "event_id"),
            Rejection("shop_id an array", edit(order, "shop_id", #"["s"]"#), .wrongType, field: "shop_id"),
            Rejection("ts a boolean", edit(order, "ts", "true"), .wrongType, field: "ts"),
            Rejection("ts an object", edit(order, "ts", "{}"), .wrongType, field: "ts"),
            Rejection("ts with a fraction", edit(order, "ts", "1794362400123.5"), .wrongType, field: "ts"),
            Rejection(
                "amount_cents a string", edit(order, "amount_cents", #""1990""#), .wrongType, field: "amount_cents"),
            Rejection(
                "amount_cents a fraction", edit(refund, "amount_cents", "19.9"), .wrongType, field: "amount_cents"),
            Rejection("amount_cents a boolean", edit(order, "amount_cents", "true"), .wrongType, field: "amount_cents"),
            Rejection("rating a string", edit(review, "rating", #""5""#), .wrongType, field: "rating"),
            Rejection("currency a number", edit(order, "currency", "840"), .wrongType, field: "currency"),
            Rejection("receiver a string", edit(order, "receiver", #""1 Road""#), .wrongType, field: "receiver"),
            Rejection(
                "receiver.phone a number", edit(order, "receiver", #"{"phone":13800138000}"#), .wrongType,
                field: "receiver.phone"),
            Rejection("reason a number", edit(refund, "reason", "5"), .wrongType, field: "reason"),
            Rejection("text an object", edit(review, "text", "{}"), .wrongType, field: "text"),
            Rejection("complaint order_id a number", edit(complaint, "order_id", "5"), .wrongType, field: "order_id"),

            // Unknown type.
            Rejection("type purchase", edit(order, "type", #""purchase""#), .unknownType, field: "type"),
            Rejection("type Order", edit(order, "type", #""Order""#), .unknownType, field: "type"),
            Rejection("type empty", edit(order, "type", #""""#), .unknownType, field: "type"),

            // Invalid UTF-8, wherever it is.
            Rejection(
                "byte 0xFF", Array(#"{"event_id":"e"#.utf8) + [0xFF] + Array(order.utf8.dropFirst(15)), .invalidUTF8),
            Rejection("encoded surrogate", utf8Junk([0xED, 0xA0, 0x80]), .invalidUTF8),
            Rejection("overlong NUL", utf8Junk([0xC0, 0x80]), .invalidUTF8),
            Rejection("above U+10FFFF", utf8Junk([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8),
            Rejection("cut-short sequence at the end", Array(order.utf8) + [0xE2, 0x82], .invalidUTF8),

            // Lines too long to parse.
            Rejection(
                "a 10 MB review text", edit(review, "text", "\"" + String(repeating: "x", count: 10_000_000) + "\""),
                .tooLong),

            // Timestamps outside 2000–2099.
            Rejection("ts in year 9999", edit(order, "ts", "253402300799000"), .timestampOutOfRange, field: "ts"),
            Rejection(
                "ts string in year 9999", edit(order, "ts", #""9999-12-31T23:59:59Z""#), .timestampOutOfRange,
                field: "ts"),
            Rejection("ts one ms before 2000", edit(order, "ts", "946684799999"), .timestampOutOfRange, field: "ts"),
            Rejection("ts at 2100", edit(order, "ts", "4102444800000"), .timestampOutOfRange, field: "ts"),
            Rejection("ts in seconds", edit(order, "ts", "1794362400"), .timestampOutOfRange, field: "ts"),
            Rejection("ts negative", edit(order, "ts", "-1"), .timestampOutOfRange, field: "ts"),

            // Values outside the contract.
            Rejection("negative amount", edit(order, "amount_cents", "-1"), .invalidValue, field: "amount_cents"),
            Rejection("negative refund", edit(refund, "amount_cents", "-1990"), .invalidValue, field: "amount_cents"),
            Rejection(
                "amount above 10^12", edit(order, "amount_cents", "1000000000001"), .invalidValue, field: "amount_cents"
            ),
            Rejection("rating 0", edit(review, "rating", "0"), .invalidValue, field: "rating"),
            Rejection("rating 6", edit(review, "rating", "6"), .invalidValue, field: "rating"),
            Rejection("empty event_id", edit(order, "event_id", #""""#), .invalidValue, field: "event_id"),
            Rejection(
                "event_id of 129 code points",
                edit(order, "event_id", "\"" + String(repeating: "é", count: 129) + "\""),
                .invalidValue, field: "event_id"),
            Rejection("currency usd", edit(order, "currency", #""usd""#), .invalidValue, field: "currency"),
            Rejection(
                "receiver.phone of 65 code points",
                edit(order, "receiver", #"{"phone":""# + String(repeating: "1", count: 65) + #""}"#), .invalidValue,
                field: "receiver.phone"),
            Rejection(
                "February 30", edit(order, "ts", #""2025-02-30T00:00:00Z""#), .invalidValue, field: "ts"),
            Rejection("lower-case t", edit(order, "ts", #""2026-11-11t10:00:00Z""#), .invalidValue, field: "ts"),
            Rejection(
                "filed_by platform", edit(complaint, "filed_by", #""platform""#), .invalidValue, field: "filed_by"),
            Rejection("kind fraud", edit(complaint, "kind", #""fraud""#), .invalidValue, field: "kind"),
        ]
        // Every required field, missing.
        for key in ["event_id", "type", "ts", "shop_id"] {
            cases.append(Rejection("order without \(key)", edit(order, key, nil), .missingField, field: key))
        }
        let required = [
            ("order", order, ["order_id", "buyer_id", "item_id", "amount_cents"]),
            ("refund", refund, ["order_id", "buyer_id", "refund_id", "amount_cents"]),
            ("review", review, ["order_id", "buyer_id", "review_id", "rating"]),
            ("complaint", complaint, ["complaint_id", "buyer_id", "filed_by", "kind"]),
        ]
        for (type, base, keys) in required {
            for key in keys {
                cases.append(Rejection("\(type) without \(key)", edit(base, key, nil), .missingField, field: key))
            }
        }
        return cases
    }()

    /// The order event with `junk` inside its buyer id.
    static func utf8Junk(_ junk: [UInt8]) -> [UInt8] {
        let parts = edit(order, "buyer_id", "\"b@\"").split(separator: "@", omittingEmptySubsequences: false)
        return Array(parts[0].utf8) + junk + Array(parts[1].utf8)
    }

    @Test(arguments: rejections)
    func rejects(_ rejection: Rejection) {
        let result = EventDecoder().decode(rejection.bytes)
        guard case .failure(let error) = result else {
            Issue.record("accepted: \(String(decoding: rejection.bytes.prefix(300), as: UTF8.self))")
            return
        }
        #expect(error.reason == rejection.reason, "\(error)")
        if let field = rejection.field {
            #expect(error.field == field, "\(error)")
        }
        #expect(!error.message.isEmpty)
        #expect(error.description.contains(error.reason.rawValue))
    }

    @Test func editHelperChangesOnlyTheNamedField() {
        #expect(Self.edit(#"{"a":1,"b":[1,{"c":2}],"d":"x,y"}"#, "b", nil) == #"{"a":1,"d":"x,y"}"#)
        #expect(Self.edit(#"{"a":1,"b":2}"#, "b", nil) == #"{"a":1}"#)
        #expect(Self.edit(#"{"a":1,"d":"x,y"}"#, "d", "3") == #"{"a":1,"d":3}"#)
        #expect(Self.edit(#"{"a":1}"#, "z", "true") == #"{"a":1,"z":true}"#)
    }

    @Test func tooLongIsJudgedBeforeParsing() {
        let bytes = Array(Self.order.utf8)
        #expect((try? EventDecoder(maxBytes: bytes.count).decode(bytes).get()) != nil)
        guard case .failure(let error) = EventDecoder(maxBytes: bytes.count - 1).decode(bytes) else {
            Issue.record("a line one byte over maxBytes was accepted")
            return
        }
        #expect(error.reason == .tooLong)
        // Even garbage is only `too_long` when it is too long.
        let garbage = [UInt8](repeating: 0xFF, count: 100)
        guard case .failure(let garbageError) = EventDecoder(maxBytes: 10).decode(garbage) else {
            Issue.record("garbage accepted")
            return
        }
        #expect(garbageError.reason == .tooLong)
    }

    // MARK: Valid input

    func decoded(_ text: String) throws -> Event {
        try EventDecoder().decode(Array(text.utf8)).get()
    }

    @Test func stringTimestampWithOffsetIsEpochMilliseconds() throws {
        // 2026-11-11T10:00:00.123+08:00 is 2026-11-11T02:00:00.123Z: 20768 days after 1970-01-01, 2 h and 123 ms.
        let expected: Int64 = 20_768 * 86_400_000 + 2 * 3_600_000 + 123
        #expect(expected == 1_794_362_400_123)
        let fromString = try decoded(Self.edit(Self.order, "ts", #""2026-11-11T10:00:00.123+08:00""#))
        #expect(fromString.timestamp == expected)
        let fromInteger = try decoded(Self.order)
        #expect(fromInteger.timestamp == expected)
        #expect(fromString == fromInteger)

        let utc = try decoded(Self.edit(Self.order, "ts", #""2026-11-11T02:00:00.123Z""#))
        #expect(utc.timestamp == expected)
        let lastYear = try decoded(Self.edit(Self.order, "ts", #""2025-11-11T10:00:00.123+08:00""#))
        #expect(lastYear.timestamp == 1_762_826_400_123)
        let negativeOffset = try decoded(Self.edit(Self.order, "ts", #""2026-11-10T20:30:00-05:30""#))
        #expect(negativeOffset.timestamp == expected - 123)
    }

    @Test func integerTimestampForms() throws {
        #expect(try decoded(Self.edit(Self.order, "ts", "946684800000")).timestamp == Timestamp.earliest)
        #expect(try decoded(Self.edit(Self.order, "ts", "4102444799999")).timestamp == Timestamp.endOfRange - 1)
        #expect(try decoded(Self.edit(Self.order, "ts", "1794362400123.0")).timestamp == 1_794_362_400_123)
        #expect(try decoded(Self.edit(Self.order, "ts", "1.794362400123e12")).timestamp == 1_794_362_400_123)
    }

    @Test func orderFields() throws {
        let text = Self.edit(
            Self.edit(Self.order, "currency", #""CNY""#), "receiver",
            #"{"name":"李雷","phone":"+86 138 0013 8000","address":"1 Road","zip":310000}"#)
        let event = try decoded(text)
        #expect(event.eventID == "ev-1")
        #expect(event.type == .order)
        #expect(event.shopID == "shop-1")
        #expect(event.buyerID == "b-1")
        #expect(event.orderID == "o-1")
        #expect(event.itemID == "i-1")
        #expect(event.amountCents == 1990)
        #expect(event.currency == "CNY")
        #expect(event.receiver == Receiver(name: "李雷", phone: "+86 138 0013 8000", address: "1 Road"))
        #expect(event.rating == nil)
        #expect(event.recordID == nil)
    }

    @Test func refundReviewAndComplaintFields() throws {
        let refund = try decoded(Self.edit(Self.refund, "reason", #""never arrived""#))
        #expect(refund.type == .refund)
        #expect(refund.recordID == "r-1")
        #expect(refund.orderID == "o-1")
        #expect(refund.amountCents == 1990)
        #expect(refund.reason == "never arrived")

        let review = try decoded(Self.edit(Self.review, "text", #""awful""#))
        #expect(review.type == .review)
        #expect(review.recordID == "rv-1")
        #expect(review.rating == 1)
        #expect(review.amountCents == nil)

        let complaint = try decoded(Self.complaint)
        #expect(complaint.type == .complaint)
        #expect(complaint.recordID == "c-1")
        #expect(complaint.buyerID == "b-1")
        #expect(complaint.filedBy == .shop)
        #expect(complaint.complaintKind == .extortion)
        #expect(complaint.orderID == nil)
        #expect(try decoded(Self.edit(Self.complaint, "order_id", #""o-9""#)).orderID == "o-9")
        #expect(try decoded(Self.edit(Self.complaint, "order_id", "null")).orderID == nil)
    }

    @Test func nullsMeanAbsent() throws {
        let event = try decoded(
            Self.edit(Self.edit(Self.order, "currency", "null"), "receiver", "null"))
        #expect(event.currency == nil)
        #expect(event.receiver == nil)
        #expect(try decoded(Self.edit(Self.refund, "reason", "null")).reason == nil)
    }

    @Test func escapesDecodeAndLoneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try decoded(Self.edit(Self.order, "buyer_id", #""\u00e9\u4E70""#)).buyerID == "é买")
        #expect(try decoded(Self.edit(Self.order, "buyer_id", #""\ud83d\ude00""#)).buyerID == "😀")
        #expect(try decoded(Self.edit(Self.order, "buyer_id", #""a\ud800b""#)).buyerID == "a\u{FFFD}b")
        #expect(try decoded(Self.edit(Self.order, "buyer_id", #""\ud800\u0041""#)).buyerID == "\u{FFFD}A")
        #expect(
            try decoded(Self.edit(Self.order, "buyer_id", #""\"\\\/\b\f\n\r\t""#)).buyerID == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(try decoded(Self.edit(Self.order, "type", #""\u006frder""#)).type == .order)
    }

    @Test func numbersWithIntegerValuesAreIntegers() throws {
        #expect(try decoded(Self.edit(Self.order, "amount_cents", "1e2")).amountCents == 100)
        #expect(try decoded(Self.edit(Self.order, "amount_cents", "100.0")).amountCents == 100)
        #expect(try decoded(Self.edit(Self.order, "amount_cents", "-0")).amountCents == 0)
        #expect(try decoded(Self.edit(Self.review, "rating", "0.5e1")).rating == 5)
    }

    @Test func lastDuplicateKeyWinsAndUnknownFieldsAreIgnored() throws {
        let text = String(Self.order.dropLast()) + #","amount_cents":5,"rating":"x","extra":{"a":[1,null]}}"#
        let event = try decoded(text)
        #expect(event.amountCents == 5)
        #expect(event.rating == nil)
        #expect(try decoded(" \t" + Self.order + " \r").eventID == "ev-1")
    }
}
