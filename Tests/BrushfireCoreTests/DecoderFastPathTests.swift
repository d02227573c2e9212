import PropertyBased
import Testing

@testable import BrushfireCore

/// The decoder's fast paths against plain references: the eight-byte string scan against a byte-by-byte test,
/// and strings of every kind (ASCII, CJK, emoji, escapes, control characters, lengths at the limits) against
/// what Swift itself says about them.
@Suite struct DecoderFastPathTests {
    /// Bytes that matter to the string scan, often, and any byte.
    static let interesting: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x21, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
    static let interestingByte = Gen.int(in: 0...(interesting.count + 255)).map { index in
        index < interesting.count ? interesting[index] : UInt8(index - interesting.count)
    }

    @Test("A word has a quote, a backslash or a control byte exactly when one of its bytes does")
    func specialByteTest() async {
        await propertyCheck(count: 2_000, input: Self.interestingByte.array(of: 8)) { bytes in
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let expected = bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
            #expect(JSONScanner.hasSpecialByte(word) == expected, "\(bytes)")
        }
    }

    /// Pieces of text: plain ASCII, CJK, an emoji, and characters JSON must escape.
    static let pieces = [
        "a", "Z", "0", " ", "-", "~", "é", "张", "浙江省", "😀", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7F}",
        "\u{FFFD}", "abcdefgh", "12345678901",
    ]
    static let text = Gen.int(in: 0...(pieces.count - 1)).map { pieces[$0] }.array(of: 0...40).map { $0.joined() }

    @Test("Receiver strings decode to the text written, and are judged by their length in code points")
    func receiverStrings() async {
        await propertyCheck(count: 400, input: Self.text, Self.text, Self.text) { name, phone, address in
            let receiver = Receiver(name: name, phone: phone, address: address)
            let event = Event(
                eventID: "e-1", type: .order, timestamp: 1_794_362_400_123, shopID: "s", buyerID: "b", orderID: "o",
                itemID: "i", amountCents: 1, receiver: receiver)
            let result = EventDecoder().decode(Array(event.jsonLine().utf8))
            let tooLong = [
                ("receiver.name", name, 256), ("receiver.phone", phone, 64), ("receiver.address", address, 1024),
            ].first { $0.1.unicodeScalars.count > $0.2 }
            switch result {
            case .success(let decoded):
                #expect(tooLong == nil)
                #expect(decoded == event)
            case .failure(let error):
                #expect(error.field == tooLong?.0)
                let (limit, length) = (tooLong?.2 ?? 0, tooLong?.1.unicodeScalars.count ?? 0)
                #expect(error.message == "expected 0–\(limit) characters, got \(length)")
            }
        }
    }

    @Test("Ids at and past 128 code points, in ASCII and not, with and without escapes")
    func idLengths() throws {
        for (unit, escaped) in [("a", "a"), ("张", "张"), ("é", #"\u00e9"#), ("😀", #"\ud83d\ude00"#)] {
            for count in [127, 128, 129] {
                for spelling in [String(repeating: unit, count: count), String(repeating: escaped, count: count)] {
                    let line = DecoderRejectionTests.edit(DecoderRejectionTests.order, "buyer_id", "\"\(spelling)\"")
                    let result = EventDecoder().decode(Array(line.utf8))
                    if count <= 128 {
                        #expect(try result.get().buyerID == String(repeating: unit, count: count))
                    } else {
                        #expect(
                            result.failureValue
                                == DecodeError(.invalidValue, field: "buyer_id", "expected 1–128 characters, got 129"))
                    }
                }
            }
        }
    }

    @Test("A later receiver replaces every field of an earlier one, whatever its value")
    func repeatedReceiver() throws {
        let first = #"{"name":"张三","phone":"13800138000","address":"浙江省杭州市"}"#
        let cases: [(String, Receiver?)] = [
            (#"{"phone":"13900139000"}"#, Receiver(phone: "13900139000")),
            ("{}", Receiver()),
            ("null", nil),
            (#"{"name":null,"x":{"phone":"1"}}"#, Receiver()),
        ]
        for (second, expected) in cases {
            let once = DecoderRejectionTests.edit(DecoderRejectionTests.order, "receiver", first)
            let line = String(once.dropLast()) + #","receiver":"# + second + "}"
            #expect(try EventDecoder().decode(Array(line.utf8)).get().receiver == expected, "\(second)")
        }
        let wrong = String(DecoderRejectionTests.order.dropLast()) + #","receiver":{"phone":"1"},"receiver":[]}"#
        #expect(
            EventDecoder().decode(Array(wrong.utf8)).failureValue
                == DecodeError(.wrongType, field: "receiver", "expected an object, got an array"))
    }
}

extension Result {
    fileprivate var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
