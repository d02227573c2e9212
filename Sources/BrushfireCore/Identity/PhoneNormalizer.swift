/// Reduces a phone number as customers and platforms type it to one canonical form per subscriber line.
///
/// Mainland China first: `+86`, `0086` and `86` prefixes, spaces, dashes, parentheses and full-width digits are
/// folded away; mobile numbers are checked against the allocated 13x–19x ranges, fixed lines against the
/// area-code grammar. Other `+CC` / `00CC` numbers keep their country code in an E.164-like form. Runs once per
/// order on the hot path: one pass over the scalars into a stack buffer, no Foundation.
public enum PhoneNormalizer {
    /// Longest digit string accepted (E.164 allows 15 digits; prefixes such as `0086` add a few).
    static let maximumSymbols = 20
    /// A hidden digit (`*`, `x`, `●`) in the symbol buffer.
    static let hidden: UInt8 = 10

    /// Normalises one phone number; never fails, unusable input comes back as `.empty` or `.invalid`.
    public static func normalize(_ raw: String) -> NormalizedPhone {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumSymbols) { buffer in
            guard let count = scan(raw, into: buffer) else {
                return NormalizedPhone(kind: .invalid, canonical: "", display: "****")
            }
            if count.symbols == 0 {
                return count.plus
                    ? NormalizedPhone(kind: .invalid, canonical: "", display: "****")
                    : NormalizedPhone(kind: .empty, canonical: "", display: "")
            }
            return classify(Symbols(base: UnsafeBufferPointer(rebasing: buffer[0..<count.symbols])), plus: count.plus)
        }
    }

    /// Reads digits and hidden digits into `buffer`; nil when the text holds anything but a number and separators.
    private static func scan(
        _ raw: String, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> (symbols: Int, plus: Bool)? {
        var count = 0
        var plus = false
        for scalar in raw.unicodeScalars {
            let value = TextFolding.halfWidth(scalar.value)
            let symbol: UInt8
            if TextFolding.isDigit(value) {
                symbol = UInt8(truncatingIfNeeded: value &- 0x30)
            } else if isHiddenDigit(value) {
                symbol = hidden
            } else if value == 0x2B, count == 0, !plus {
                plus = true
                continue
            } else if TextFolding.isSpace(value) || TextFolding.isDash(value) || isSeparator(value) {
                continue
            } else {
                return nil
            }
            guard count < buffer.count else { return nil }
            buffer[count] = symbol
            count += 1
        }
        return (count, plus)
    }

    @inline(__always)
    private static func isHiddenDigit(_ value: UInt32) -> Bool {
        value == 0x2A || value == 0x58 || value == 0x78 || value == 0x2022 || value == 0x25CF
    }

    @inline(__always)
    private static func isSeparator(_ value: UInt32) -> Bool {
        value == 0x28 || value == 0x29 || value == 0x2E || value == 0x2F
    }

    private static func classify(_ s: Symbols, plus: Bool) -> NormalizedPhone {
        if plus {
            return s.starts(8, 6) ? national(s, from: 2, afterCountryCode: true) : international(s, from: 0)
        }
        if s.starts(0, 0, 8, 6) { return national(s, from: 4, afterCountryCode: true) }
        if s.starts(0, 0) { return international(s, from: 2) }
        let direct = national(s, from: 0, afterCountryCode: false)
        if direct.kind == .invalid && s.starts(8, 6) {
            // `86-138…` or `86 571 …`: the country code written without `+`.
            let stripped = national(s, from: 2, afterCountryCode: true)
            if stripped.kind != .invalid { return stripped }
        }
        return direct
    }

    /// A mainland number from `start`; after a country code the trunk `0` of a fixed line is normally absent.
    private static func national(_ s: Symbols, from start: Int, afterCountryCode: Bool) -> NormalizedPhone {
        var start = start
        if afterCountryCode && start < s.count && s[start] == 0 { start += 1 }  // `+86 0571 …` keeps the trunk 0
        guard start < s.count else { return invalidPhone }
        if afterCountryCode {
            if s[start] == 1 && start + 1 < s.count && s[start + 1] == 0 { return landline(s, areaStart: start) }
            return s[start] == 1 ? mobile(s, from: start) : landline(s, areaStart: start)
        }
        switch s[start] {
        case 1: return mobile(s, from: start)
        case 0: return landline(s, areaStart: start + 1)
        default: return invalidPhone
        }
    }

    private static func mobile(_ s: Symbols, from start: Int) -> NormalizedPhone {
        guard s.count - start == 11 else { return invalidPhone }
        let canonical = s.render(prefix: nil, from: start)
        let display = s.masked(prefix: nil, from: start, head: 3, tail: 4)
        if s.hasHidden(from: start) {
            guard s[start + 1] == hidden || (3...9).contains(s[start + 1]) else { return invalidPhone }
            return NormalizedPhone(kind: .masked, canonical: canonical, display: display)
        }
        switch mobileRange(s[start + 1], s[start + 2]) {
        case .mobile: return NormalizedPhone(kind: .mobile, canonical: canonical, display: display)
        case .virtualMobile: return NormalizedPhone(kind: .virtualMobile, canonical: canonical, display: display)
        default: return invalidPhone
        }
    }

    /// Which kind the three-digit prefix `1ab` is allocated to: `.mobile`, `.virtualMobile` or `.invalid`.
    ///
    /// Written from the MIIT numbering plan: 13x, 15x but 154, 18x and 19x but 194 are public mobile ranges;
    /// 145/147/149 are data-card ranges of the three carriers; 166, 172–173, 175–178 are carrier ranges; 162, 165,
    /// 167, 170 and 171 are leased to virtual operators.
    static func mobileRange(_ second: UInt8, _ third: UInt8) -> NormalizedPhone.Kind {
        switch (second, third) {
        case (3, _), (8, _): return .mobile
        case (4, 5), (4, 7), (4, 9): return .mobile
        case (5, let d) where d != 4: return .mobile
        case (6, 2), (6, 5), (6, 7): return .virtualMobile
        case (6, 6): return .mobile
        case (7, 0), (7, 1): return .virtualMobile
        case (7, 2), (7, 3), (7, 5), (7, 6), (7, 7), (7, 8): return .mobile
        case (9, let d) where d != 4: return .mobile
        default: return .invalid
        }
    }

    /// A fixed line whose area code (without the trunk `0`) starts at `areaStart`: `10` and `2x` are followed by
    /// eight subscriber digits, `3xx`–`9xx` by seven or eight; subscriber numbers start with 2–8.
    private static func landline(_ s: Symbols, areaStart: Int) -> NormalizedPhone {
        guard areaStart < s.count else { return invalidPhone }
        let areaLength: Int
        switch s[areaStart] {
        case 1, 2: areaLength = 2
        case 3...9: areaLength = 3
        default: return invalidPhone
        }
        if s[areaStart] == 1 && (areaStart + 1 >= s.count || s[areaStart + 1] != 0) { return invalidPhone }
        let subscriberLength = s.count - areaStart - areaLength
        guard subscriberLength == 8 || (areaLength == 3 && subscriberLength == 7) else { return invalidPhone }
        for index in areaStart..<(areaStart + areaLength) where s[index] == hidden { return invalidPhone }
        let first = s[areaStart + areaLength]
        guard first == hidden || (2...8).contains(first) else { return invalidPhone }
        let canonical = s.render(prefix: 0x30, from: areaStart)
        let display = s.masked(prefix: 0x30, from: areaStart, head: areaLength, tail: 4)
        let kind: NormalizedPhone.Kind = s.hasHidden(from: areaStart) ? .masked : .landline
        return NormalizedPhone(kind: kind, canonical: canonical, display: display)
    }

    /// A number outside the mainland, starting with its country code at `start`.
    private static func international(_ s: Symbols, from start: Int) -> NormalizedPhone {
        let length = s.count - start
        guard (7...15).contains(length), (1...9).contains(s[start]) else { return invalidPhone }
        let canonical = s.render(prefix: 0x2B, from: start)
        let display = s.masked(prefix: 0x2B, from: start, head: 2, tail: 4)
        let kind: NormalizedPhone.Kind = s.hasHidden(from: start) ? .masked : .international
        return NormalizedPhone(kind: kind, canonical: canonical, display: display)
    }

    private static var invalidPhone: NormalizedPhone { NormalizedPhone(kind: .invalid, canonical: "", display: "****") }
}

/// The digits (0–9) and hidden digits (`PhoneNormalizer.hidden`) of one phone number, in a stack buffer.
private struct Symbols {
    let base: UnsafeBufferPointer<UInt8>

    var count: Int { base.count }

    subscript(index: Int) -> UInt8 { base[index] }

    func starts(_ a: UInt8, _ b: UInt8) -> Bool { count >= 2 && base[0] == a && base[1] == b }

    func starts(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Bool {
        count >= 4 && base[0] == a && base[1] == b && base[2] == c && base[3] == d
    }

    func hasHidden(from start: Int) -> Bool {
        for index in start..<count where base[index] == PhoneNormalizer.hidden { return true }
        return false
    }

    @inline(__always)
    private static func ascii(_ symbol: UInt8) -> UInt8 { symbol == PhoneNormalizer.hidden ? 0x2A : 0x30 + symbol }

    /// `prefix` (an ASCII byte, if any) then every symbol from `start`, hidden digits as `*`.
    func render(prefix: UInt8?, from start: Int) -> String {
        let length = count - start + (prefix == nil ? 0 : 1)
        return String(unsafeUninitializedCapacity: length) { out in
            var at = 0
            if let prefix {
                out[0] = prefix
                at = 1
            }
            for index in start..<count {
                out[at] = Self.ascii(base[index])
                at += 1
            }
            return at
        }
    }

    /// `prefix`, the first `head` symbols from `start`, `****`, and the last `tail` symbols: at least four digits
    /// and at least a third of the number stay hidden whatever the length.
    func masked(prefix: UInt8?, from start: Int, head: Int, tail: Int) -> String {
        let length = count - start
        let hiddenAtLeast = max(4, (length + 2) / 3)
        let tail = max(0, min(tail, length - hiddenAtLeast))
        let head = max(0, min(head, length - hiddenAtLeast - tail))
        let capacity = head + tail + 4 + (prefix == nil ? 0 : 1)
        return String(unsafeUninitializedCapacity: capacity) { out in
            var at = 0
            if let prefix {
                out[0] = prefix
                at = 1
            }
            for index in start..<(start + head) {
                out[at] = Self.ascii(base[index])
                at += 1
            }
            for _ in 0..<4 {
                out[at] = 0x2A
                at += 1
            }
            for index in (count - tail)..<count {
                out[at] = Self.ascii(base[index])
                at += 1
            }
            return at
        }
    }
}
