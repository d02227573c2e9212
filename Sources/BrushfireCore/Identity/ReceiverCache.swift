#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The identity features of a receiver's phone, address and name, remembered by their raw bytes: most orders
/// come from returning buyers, whose receivers are normalised and fingerprinted once instead of on every order.
///
/// Three direct-mapped tables (one per field) of a fixed size: a lookup hashes the raw bytes, looks at one slot
/// and compares the bytes held there, so a hit costs no normalisation, no HMAC and no allocation, and memory
/// stays bounded whatever the stream. A miss computes the features and takes the slot. Purely a cache: the
/// features are the same with or without it.
struct ReceiverCache: Sendable {
    struct Phone: Sendable {
        var fingerprint: UInt64
        var display: String
    }

    struct Address: Sendable {
        var fingerprint: UInt64
        var vague: Bool
        var display: String
    }

    private var phones: Table<Phone>
    private var addresses: Table<Address>
    private var names: Table<UInt64>

    /// Slots per field: at most a few tens of MB in all, and a hit rate that stays high with a few hundred
    /// thousand active buyers.
    init(phoneSlots: Int = 1 << 17, addressSlots: Int = 1 << 18, nameSlots: Int = 1 << 17) {
        phones = Table(slots: phoneSlots)
        addresses = Table(slots: addressSlots)
        names = Table(slots: nameSlots)
    }

    /// The phone's fingerprint (0 when it names no single line: empty, invalid, masked) and masked display.
    mutating func phone(_ raw: String, _ fingerprinter: Fingerprinter) -> Phone {
        phones.value(for: raw) {
            let phone = PhoneNormalizer.normalize(raw)
            guard let fingerprint = fingerprinter.fingerprint(phone) else { return Phone(fingerprint: 0, display: "") }
            return Phone(fingerprint: fingerprint.value, display: phone.display)
        }
    }

    /// The address's fingerprint (0 when nothing was left of it), whether it names no door, and its display.
    mutating func address(_ raw: String, _ fingerprinter: Fingerprinter) -> Address {
        addresses.value(for: raw) {
            let address = AddressNormalizer.normalize(raw)
            guard let fingerprint = fingerprinter.fingerprint(address) else {
                return Address(fingerprint: 0, vague: address.vagueness.isVague, display: "")
            }
            return Address(fingerprint: fingerprint.value, vague: address.vagueness.isVague, display: address.display)
        }
    }

    /// The name's fingerprint, 0 for a name that normalises to nothing.
    mutating func name(_ raw: String, _ fingerprinter: Fingerprinter) -> UInt64 {
        names.value(for: raw) { fingerprinter.fingerprint(name: NameNormalizer.normalize(raw))?.value ?? 0 }
    }

    /// One field's table: slot `hash & mask` holds the raw text last seen there, its hash and its value, side by
    /// side, so a hit reads one slot (and the text's bytes, to compare them).
    struct Table<Value: Sendable>: Sendable {
        struct Slot: Sendable {
            var hash: UInt64 = 0
            var raw: String?
            var value: Value?
        }

        private var slots: [Slot] = []
        private let size: Int
        private let mask: UInt64

        /// The slots are allocated on first use: an engine that sees no receiver (or a test's) costs nothing.
        init(slots: Int) {
            precondition(slots > 0 && slots & (slots - 1) == 0, "slots must be a power of two")
            self.size = slots
            mask = UInt64(slots - 1)
        }

        mutating func value(for raw: String, compute: () -> Value) -> Value {
            if slots.isEmpty { slots = Array(repeating: Slot(), count: size) }
            var raw = raw
            let hash = raw.withUTF8 { StableHash.of(bytes: UnsafeRawBufferPointer($0)) }
            let index = Int(hash & mask)
            if slots[index].hash == hash, let held = slots[index].raw, Self.sameBytes(held, raw),
                let value = slots[index].value
            {
                return value
            }
            let value = compute()
            slots[index] = Slot(hash: hash, raw: raw, value: value)
            return value
        }

        private static func sameBytes(_ a: String, _ b: String) -> Bool {
            var a = a
            var b = b
            return a.withUTF8 { x in
                b.withUTF8 { y in
                    x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
                }
            }
        }
    }
}
