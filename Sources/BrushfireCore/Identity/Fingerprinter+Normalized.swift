extension Fingerprinter {
    /// The fingerprint of a phone that names one line, or nil for empty, invalid and masked numbers, which must
    /// never link orders (all invalid numbers share the empty canonical form; many lines share a masked one).
    public func fingerprint(_ phone: NormalizedPhone) -> Fingerprint? {
        phone.isLinkable ? fingerprint(phone.canonical, domain: .phone) : nil
    }

    /// The fingerprint of an address's canonical form, or nil when nothing was left of it. Vague addresses are
    /// fingerprinted too; whether to link on them is the caller's choice (`vagueness.isVague`).
    public func fingerprint(_ address: NormalizedAddress) -> Fingerprint? {
        address.vagueness == .empty ? nil : fingerprint(address.canonical, domain: .address)
    }

    /// The fingerprint of a normalised name, or nil for an empty one.
    public func fingerprint(name normalized: String) -> Fingerprint? {
        normalized.isEmpty ? nil : fingerprint(normalized, domain: .name)
    }
}
