import BrushfireCore

/// A seeded source of event lines for `SchemaAgreementTests`: valid events of all four types, and mutations of
/// them that break (or sometimes keep) the contract in every way the contract names.
///
/// The generator does not decide which lines are valid; the schema validator and the decoder each judge every
/// line and must agree. It stays clear of the few corners the contract leaves open: no schema-valid line is
/// longer than the decoder's 1 MiB limit, unknown fields nest at most 20 deep, and no number has so many
/// fraction digits that a double would round it to an integer.
struct SchemaCorpusGenerator {
    /// One generated line. `expected` is the event the line must decode to, for lines left unmutated.
    struct Case {
        var bytes: [UInt8]
        var note: String
        var expected: Event?
    }

    /// An event as an ordered list of keys and their JSON text, with the `Event` it stands for.
    private struct Draft {
        var fields: [(key: String, json: String)]
        var type: EventType
        var expected: Event
        /// Whether `expected.timestamp` is exact (string timestamps with more than 3 fraction digits are not).
        var timestampIsExact: Bool

        func index(of key: String) -> Int? { fields.lastIndex { $0.key == key } }

        mutating func set(_ key: String, _ json: String) {
            if let index = index(of: key) {
                fields[index].json = json
            } else {
                fields.append((key, json))
            }
        }
    }

    private var random: Random

    init(seed: UInt64) {
        random = Random(seed: seed)
    }

    /// `count` random cases, the last of which is always a review whose text is 10 MB.
    mutating func cases(count: Int) -> [Case] {
        var cases = (0..<(count - 1)).map { _ in nextCase() }
        var draft = makeDraft(type: .review)
        draft.set("text", quoted(String(repeating: "x", count: 10_000_000)))
        cases.append(Case(bytes: serialize(draft), note: "a 10 MB review text", expected: nil))
        return cases
    }

    // MARK: Cases

    private mutating func nextCase() -> Case {
        var draft = makeDraft()
        switch int(0..<100) {
        case 0..<15:
            let bytes = serialize(draft, whitespace: chance(0.15))
            return Case(
                bytes: bytes, note: "unmutated \(draft.type)",
                expected: draft.timestampIsExact ? draft.expected : nil)
        case 15..<22:
            let key = draft.fields[int(0..<draft.fields.count)].key
            draft.fields.removeAll { $0.key == key }
            return Case(bytes: serialize(draft), note: "dropped \(key)", expected: nil)
        case 22..<30:
            let key = pickKey(draft)
            draft.set(key, pick(Self.otherTypeValues))
            return Case(bytes: serialize(draft), note: "wrong type for \(key)", expected: nil)
        case 30..<33:
            let key = pickKey(draft)
            draft.set(key, "null")
            return Case(bytes: serialize(draft), note: "null \(key)", expected: nil)
        case 33..<41:
            let note = outOfRange(&draft)
            return Case(bytes: serialize(draft), note: note, expected: nil)
        case 41..<46:
            let note = numberForm(&draft)
            return Case(bytes: serialize(draft), note: note, expected: nil)
        case 46..<52:
            draft.set("ts", quoted(timestampString(perturbed: true).text))
            return Case(bytes: serialize(draft), note: "perturbed ts string", expected: nil)
        case 52..<57:
            var bytes = serialize(draft)
            bytes.removeLast(int(1...bytes.count))
            return Case(bytes: bytes, note: "truncated", expected: nil)
        case 57..<62:
            var bytes = serialize(draft)
            bytes.insert(contentsOf: pick(Self.invalidUTF8), at: int(0...bytes.count))
            return Case(bytes: bytes, note: "invalid UTF-8 inserted", expected: nil)
        case 62..<67:
            var bytes = serialize(draft)
            bytes[int(0..<bytes.count)] = pick(Self.replacementBytes)
            return Case(bytes: bytes, note: "one byte replaced", expected: nil)
        case 67..<70:
            var bytes = serialize(draft)
            bytes.remove(at: int(0..<bytes.count))
            return Case(bytes: bytes, note: "one byte deleted", expected: nil)
        case 70..<74:
            draft.set("amount_cents", pick(["-1", "-100", "-1000000000000", "-0.5", "-1e3", "-1E+2", "-99"]))
            return Case(bytes: serialize(draft), note: "negative amount", expected: nil)
        case 74..<77:
            draft.set("ts", pick(["253402300799000", "253402300799999", quoted("9999-12-31T23:59:59Z")]))
            return Case(bytes: serialize(draft), note: "year 9999", expected: nil)
        case 77..<81:
            draft.set("type", quoted(pick(Self.otherTypeNames)))
            return Case(bytes: serialize(draft), note: "unknown type", expected: nil)
        case 81..<85:
            let note = hugeValue(&draft)
            return Case(bytes: serialize(draft), note: note, expected: nil)
        case 85..<89:
            let key = pick(Self.knownKeys + ["x", "extra", "meta", "ts_", "Type"])
            draft.fields.insert((key, jsonValue(depth: int(0...20))), at: int(0...draft.fields.count))
            return Case(bytes: serialize(draft), note: "extra field \(key)", expected: nil)
        case 89..<92:
            let field = draft.fields[int(0..<draft.fields.count)]
            let json = chance(0.5) ? pick(Self.otherTypeValues) : field.json
            draft.fields.insert((field.key, json), at: int(0...draft.fields.count))
            return Case(bytes: serialize(draft), note: "duplicate \(field.key)", expected: nil)
        case 92..<95:
            var bytes = serialize(draft)
            bytes.insert(contentsOf: pick(Self.whitespace), at: int(0...bytes.count))
            return Case(bytes: bytes, note: "whitespace inserted", expected: nil)
        case 95..<97:
            let bytes = serialize(draft)
            let wrapped: [UInt8] =
                switch int(0..<4) {
                case 0: Array("[".utf8) + bytes + Array("]".utf8)
                case 1: Array("\"event\"".utf8)
                case 2: bytes + Array(",{}".utf8)
                default: Array("{\"event\":".utf8) + bytes + Array("}".utf8)
                }
            return Case(bytes: wrapped, note: "not a single event object", expected: nil)
        default:
            let bytes = serialize(draft, whitespace: true)
            return Case(
                bytes: bytes, note: "unmutated \(draft.type) with whitespace",
                expected: draft.timestampIsExact ? draft.expected : nil)
        }
    }

    /// Replaces one value with one just outside (or just inside) the contract's bounds.
    private mutating func outOfRange(_ draft: inout Draft) -> String {
        switch int(0..<7) {
        case 0:
            let key = pick(["event_id", "shop_id", "buyer_id"])
            draft.set(key, quoted(idText(length: pick([0, 128, 129, 130, 200])).json))
            return "\(key) at a length bound"
        case 1:
            draft.set("ts", pick(["946684799999", "946684800000", "4102444799999", "4102444800000", "0", "-1"]))
            return "ts at a bound"
        case 2:
            draft.set("amount_cents", pick(["0", "1000000000000", "1000000000001", "1e12", "1.000000000001e12"]))
            return "amount at a bound"
        case 3:
            draft.set("rating", pick(["0", "1", "5", "6", "-5", "10"]))
            return "rating at a bound"
        case 4:
            draft.set("currency", quoted(pick(["usd", "US", "USDD", "", "U$D", "EUR", "€UR"])))
            return "currency variant"
        case 5:
            let (key, limit) = pick([("name", 256), ("phone", 64), ("address", 1024)])
            let text = String(repeating: pick(["a", "é", "路", "😀"]), count: limit + int(0...1))
            draft.set("receiver", "{\"\(key)\":\(quoted(text))}")
            return "receiver.\(key) at its length bound"
        default:
            let key = pick(["reason", "text"])
            draft.set(key, quoted(String(repeating: pick(["a", "é", "€"]), count: 10000 + int(0...1))))
            return "\(key) at its length bound"
        }
    }

    /// Writes an integer field in another notation, or as a nearby fraction.
    private mutating func numberForm(_ draft: inout Draft) -> String {
        let key = pick(["amount_cents", "rating", "ts"])
        let value: Int64 =
            switch key {
            case "amount_cents": draft.expected.amountCents ?? 1990
            case "rating": Int64(draft.expected.rating ?? 3)
            default: draft.expected.timestamp
            }
        var forms = ["\(value).0", "\(value)e0", "\(value)E+0", "\(value)0e-1", "\(value).5", "\(value).25"]
        if value % 10 == 0 && value != 0 { forms.append("\(value / 10)e1") }
        if value % 100 == 0 && value != 0 { forms.append("\(value / 100).0E2") }
        if value == 0 { forms += ["-0", "-0.0", "0e5"] }
        let form = pick(forms)
        draft.set(key, form)
        return "\(key) written as \(form)"
    }

    /// Puts a very large value into a field the contract bounds, so the line is invalid on both sides.
    private mutating func hugeValue(_ draft: inout Draft) -> String {
        switch int(0..<3) {
        case 0:
            // Most lines stay small; a few are longer than the decoder's 1 MiB limit.
            let count = chance(0.9) ? pick([10_001, 50_000, 300_000]) : pick([1_048_577, 1_100_000, 2_000_000])
            let (key, type): (String, EventType) = pick([
                ("reason", .refund), ("text", .review), ("receiver", .order),
            ])
            retype(&draft, to: type)
            let text = String(repeating: "x", count: count)
            draft.set(key, key == "receiver" ? "{\"address\":\(quoted(text))}" : quoted(text))
            return "\(key) of \(count) characters"
        case 1:
            let key = pick(["amount_cents", "rating", "ts"])
            let value = pick([
                "1e308", "1e400", "-1e400", "1" + String(repeating: "0", count: 400),
                String(repeating: "9", count: 5000), "18446744073709551616", "9223372036854775808",
            ])
            draft.set(key, value)
            return "huge number for \(key)"
        default:
            let key = pick(["event_id", "shop_id", "buyer_id"])
            draft.set(key, quoted(String(repeating: "界", count: pick([129, 5000, 40_000]))))
            return "huge \(key)"
        }
    }

    /// Turns a draft into a fresh event of `type`, keeping its common fields.
    private mutating func retype(_ draft: inout Draft, to type: EventType) {
        guard draft.type != type else { return }
        var fresh = makeDraft(type: type)
        for key in ["event_id", "ts", "shop_id"] {
            if let index = draft.index(of: key) { fresh.set(key, draft.fields[index].json) }
        }
        draft = fresh
    }

    // MARK: Valid events

    private mutating func makeDraft(type: EventType? = nil) -> Draft {
        let type = type ?? pick(EventType.allCases)
        var fields: [(key: String, json: String)] = []
        func add(_ key: String, _ json: String) { fields.append((key, json)) }

        let eventID = idText()
        let shopID = idText()
        let buyerID = idText()
        add("event_id", quoted(eventID.json))
        add("type", quoted(type.description))
        let timestamp: Int64
        let exact: Bool
        if chance(0.5) {
            timestamp = int64(Timestamp.earliest..<Timestamp.endOfRange)
            exact = true
            add("ts", String(timestamp))
        } else {
            let ts = timestampString(perturbed: false)
            timestamp = ts.millis
            exact = ts.exact
            add("ts", quoted(ts.text))
        }
        add("shop_id", quoted(shopID.json))
        var event = Event(
            eventID: eventID.value, type: type, timestamp: timestamp, shopID: shopID.value, buyerID: buyerID.value)

        switch type {
        case .order, .refund, .review:
            let orderID = idText()
            add("order_id", quoted(orderID.json))
            add("buyer_id", quoted(buyerID.json))
            event.orderID = orderID.value
        case .complaint:
            let complaintID = idText()
            add("complaint_id", quoted(complaintID.json))
            add("buyer_id", quoted(buyerID.json))
            event.recordID = complaintID.value
        }
        switch type {
        case .order:
            let itemID = idText()
            let amount = amount()
            add("item_id", quoted(itemID.json))
            add("amount_cents", String(amount))
            event.itemID = itemID.value
            event.amountCents = amount
            switch int(0..<4) {
            case 0: break
            case 1: add("currency", "null")
            default:
                let code = String((0..<3).map { _ in pick(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) })
                add("currency", quoted(code))
                event.currency = code
            }
            switch int(0..<4) {
            case 0: break
            case 1: add("receiver", "null")
            default:
                let name = freeText(maxLength: 40)
                let phone = freeText(maxLength: 20)
                let address = freeText(maxLength: 200)
                add(
                    "receiver",
                    "{\"name\":\(quoted(name.json)),\"phone\":\(quoted(phone.json)),\"address\":\(quoted(address.json))"
                        + (chance(0.3) ? ",\"zip\":\(jsonValue(depth: 2))}" : "}"))
                event.receiver = Receiver(name: name.value, phone: phone.value, address: address.value)
            }
        case .refund:
            let refundID = idText()
            let amount = amount()
            add("refund_id", quoted(refundID.json))
            add("amount_cents", String(amount))
            event.recordID = refundID.value
            event.amountCents = amount
            switch int(0..<3) {
            case 0: break
            case 1: add("reason", "null")
            default:
                let reason = freeText(maxLength: 300)
                add("reason", quoted(reason.json))
                event.reason = reason.value
            }
        case .review:
            let reviewID = idText()
            let rating = int(1...5)
            add("review_id", quoted(reviewID.json))
            add("rating", String(rating))
            event.recordID = reviewID.value
            event.rating = rating
            switch int(0..<3) {
            case 0: break
            case 1: add("text", "null")
            default: add("text", quoted(freeText(maxLength: 300).json))
            }
        case .complaint:
            let party = pick([ComplaintParty.buyer, .shop])
            let kind = pick([ComplaintKind.harassment, .extortion, .other])
            add("filed_by", quoted(party == .buyer ? "buyer" : "shop"))
            add("kind", quoted(kind == .harassment ? "harassment" : kind == .extortion ? "extortion" : "other"))
            event.filedBy = party
            event.complaintKind = kind
            switch int(0..<3) {
            case 0: break
            case 1: add("order_id", "null")
            default:
                let orderID = idText()
                add("order_id", quoted(orderID.json))
                event.orderID = orderID.value
            }
        }
        if chance(0.3) {
            fields.insert((pick(["x_trace", "source", "rating", "text", "meta"]), jsonValue(depth: 3)), at: 4)
            if fields[4].key == "rating" && type == .review { fields.remove(at: 4) }
            if fields[4].key == "text" && type == .review { fields.remove(at: 4) }
        }
        if chance(0.3) { fields.shuffle(using: &random) }
        return Draft(fields: fields, type: type, expected: event, timestampIsExact: exact)
    }

    private mutating func amount() -> Int64 {
        switch int(0..<4) {
        case 0: int64(0..<100)
        case 1: int64(0...1_000_000_000_000)
        default: int64(100..<1_000_000)
        }
    }

    // MARK: Strings

    /// An id of 1 to 128 code points (or exactly `length`), as JSON string contents and as decoded text.
    private mutating func idText(length: Int? = nil) -> (json: String, value: String) {
        let length = length ?? (chance(0.1) ? int(120...128) : int(1...24))
        var json = ""
        var value = ""
        var afterHigh = false
        for _ in 0..<length {
            Self.append(chance(0.8) ? pick(Self.plainUnits) : pick(Self.escapedUnits), &json, &value, &afterHigh)
        }
        return (json, value)
    }

    /// Free text of up to `maxLength` code points: ids' alphabet plus spaces, tabs and quotes.
    private mutating func freeText(maxLength: Int) -> (json: String, value: String) {
        var json = ""
        var value = ""
        var afterHigh = false
        for _ in 0..<int(0...maxLength) {
            let unit = chance(0.1) ? pick(Self.escapedUnits) : chance(0.15) ? (" ", " ") : pick(Self.plainUnits)
            Self.append(unit, &json, &value, &afterHigh)
        }
        return (json, value)
    }

    /// Appends one unit; a lone high surrogate escape followed by a lone low one forms a pair (U+103FF).
    private static func append(
        _ unit: (json: String, value: String), _ json: inout String, _ value: inout String, _ afterHigh: inout Bool
    ) {
        if afterHigh && unit.json == "\\udfff" {
            value.unicodeScalars.removeLast()
            value += "\u{103FF}"
        } else {
            value += unit.value
        }
        json += unit.json
        afterHigh = unit.json == "\\ud800"
    }

    private func quoted(_ contents: String) -> String { "\"" + contents + "\"" }

    // MARK: Timestamps

    /// An RFC 3339 timestamp; `perturbed` ones break one component in some way (some stay valid by chance).
    private mutating func timestampString(perturbed: Bool) -> (text: String, millis: Int64, exact: Bool) {
        let year = int(2000...2099)
        let month = int(1...12)
        let day = int(1...Self.daysIn(year: year, month: month))
        let hour = int(0...23)
        let minute = int(0...59)
        let second = int(0...59)
        let fractionDigits = chance(0.5) ? 0 : int(1...9)
        let fraction = String((0..<fractionDigits).map { _ in pick(Array("0123456789")) })
        let offsetMinutes = chance(0.4) ? 0 : int(-(23 * 60 + 59)...(23 * 60 + 59))
        let zulu = offsetMinutes == 0 && chance(0.8)

        var parts = [
            pad(year, 4), "-", pad(month, 2), "-", pad(day, 2), "T", pad(hour, 2), ":", pad(minute, 2), ":",
            pad(second, 2), fractionDigits > 0 ? "." + fraction : "",
            zulu
                ? "Z"
                : (offsetMinutes < 0 ? "-" : "+") + pad(abs(offsetMinutes) / 60, 2) + ":"
                    + pad(abs(offsetMinutes) % 60, 2),
        ]
        if perturbed {
            switch int(0..<12) {
            case 0: parts[0] = pick(["1999", "2100", "9999", "0000", "1970", "20000"])
            case 1: parts[2] = pick(["00", "13", "1", "99"])
            case 2: parts[4] = pick(["00", "32", "31", "30", "29", "1"])
            case 3: parts[5] = pick(["t", " ", "", "_"])
            case 4: parts[6] = pick(["24", "25", "-1", "1"])
            case 5: parts[8] = pick(["60", "6", "99"])
            case 6: parts[10] = pick(["60", "61", "5"])
            case 7: parts[11] = pick([".", ".1234567890", ",5", ".12a"])
            case 8: parts[12] = pick(["z", "", "+24:00", "+08:60", "+0800", "+08", "-00:00", "UTC", "+08:00:00"])
            case 9: parts[1] = pick(["/", "", "--"])
            case 10:
                parts[2] = "02"
                parts[4] = pick(["29", "30"])
            default: parts.append(pick([" ", "\\n", "Z", "0"]))
            }
        }
        let localMillis =
            Int64(Self.daysSinceEpoch(year: year, month: month, day: day)) * 86_400_000
            + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000)
            + Int64(String(fraction.prefix(3)) + String(repeating: "0", count: max(0, 3 - fractionDigits)))!
        return (parts.joined(), localMillis - Int64(offsetMinutes) * 60_000, fractionDigits <= 3)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days from 1970-01-01, counted year by year and month by month (a reference independent of `Timestamp`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        var days = 0
        for y in 1970..<year { days += isLeap(y) ? 366 : 365 }
        for m in 1..<month { days += daysIn(year: year, month: m) }
        return days + day - 1
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(year: Int, month: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    // MARK: Unknown values

    /// Any JSON value, nested at most `depth` levels.
    private mutating func jsonValue(depth: Int) -> String {
        let kind = depth == 0 ? int(0..<6) : int(0..<8)
        switch kind {
        case 0:
            return pick(["0", "-0", "17", "-3.25", "1e999", "6.02E+23", "-1e-400", "123456789012345678901234567890"])
        case 1: return quoted(freeText(maxLength: 12).json)
        case 2: return pick(["true", "false"])
        case 3: return "null"
        case 4: return "[]"
        case 5: return "{}"
        case 6: return "[" + (0..<int(1...3)).map { _ in jsonValue(depth: depth - 1) }.joined(separator: ",") + "]"
        default:
            return "{"
                + (0..<int(1...3)).map { _ in
                    quoted(idText(length: int(1...6)).json) + ":" + jsonValue(depth: depth - 1)
                }
                .joined(separator: ",") + "}"
        }
    }

    // MARK: Bytes

    /// The draft as one line; `whitespace` scatters spaces, tabs and CRs between tokens.
    private mutating func serialize(_ draft: Draft, whitespace: Bool = false) -> [UInt8] {
        var text = ""
        func gap() -> String { whitespace && chance(0.3) ? pick([" ", "\t", "\r", "  "]) : "" }
        text += gap() + "{"
        for (offset, field) in draft.fields.enumerated() {
            if offset > 0 { text += gap() + "," }
            text += gap() + quoted(field.key) + gap() + ":" + gap() + field.json
        }
        text += gap() + "}" + gap()
        return Array(text.utf8)
    }

    private mutating func pickKey(_ draft: Draft) -> String { draft.fields[int(0..<draft.fields.count)].key }

    // MARK: Randomness

    private mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    private mutating func int64(_ range: Range<Int64>) -> Int64 { Int64.random(in: range, using: &random) }
    private mutating func int64(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &random) }
    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    private mutating func pick<T>(_ choices: [T]) -> T { choices[int(0..<choices.count)] }

    // MARK: Tables

    /// Code points written as themselves, with the text they decode to.
    private static let plainUnits: [(String, String)] =
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:").map { (String($0), String($0)) }
        + [("é", "é"), ("买", "买"), ("😀", "😀"), ("\u{7F}", "\u{7F}"), ("\u{2028}", "\u{2028}")]

    /// Code points written as JSON escapes; lone surrogates decode to U+FFFD.
    private static let escapedUnits: [(String, String)] = [
        ("\\u00e9", "é"), ("\\u4E70", "买"), ("\\ud83d\\ude00", "😀"), ("\\ud800", "\u{FFFD}"),
        ("\\udfff", "\u{FFFD}"), ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\n", "\n"), ("\\t", "\t"),
        ("\\u0000", "\u{0}"), ("\\b", "\u{8}"), ("\\f", "\u{C}"), ("\\r", "\r"),
    ]

    static let knownKeys = [
        "event_id", "type", "ts", "shop_id", "order_id", "buyer_id", "item_id", "amount_cents", "currency",
        "receiver", "refund_id", "review_id", "complaint_id", "rating", "reason", "text", "filed_by", "kind",
    ]

    private static let otherTypeValues = [
        "17", "-3", "1.5", "\"x\"", "\"\"", "\"17\"", "true", "false", "[]", "[\"a\"]", "{}", "{\"name\":\"n\"}",
    ]

    private static let otherTypeNames = [
        "Order", "REFUND", "purchase", "", "reviews", "complaint ", " order", "return", "\\u006frder", "refund\\u0000",
        "r\\u00e9view",
    ]

    private static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xBF],
        [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xE9],
    ]

    private static let replacementBytes: [UInt8] =
        Array("{}[],:\"\\ 0123456789.eE+-tfnulxa".utf8) + [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0xC3, 0xFF]

    private static let whitespace: [[UInt8]] = [
        [0x20], [0x09], [0x0D], [0x0C], [0x0B], [0xC2, 0xA0], [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xA8],
    ]
}

extension SchemaCorpusGenerator {
    /// SplitMix64: a tiny seedable generator, so a failing corpus can be regenerated exactly.
    struct Random: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
