import BrushfireCore

/// An account run by an organised group: its own id, but names, phones and addresses drawn from the
/// group's few, written in whatever spelling comes to hand (`+86`, dashes, full-width digits).
struct LinkedAccount: Sendable {
    var id: String
    var names: [String]
    /// Eleven ASCII digits each.
    var phones: [String]
    var addresses: [PostalAddress]

    func receiver(_ rng: inout SplitMix64) -> Receiver {
        Receiver(
            name: rng.pick(names), phone: rng.pick(PhoneSpelling.allCases).spell(rng.pick(phones)),
            address: rng.pick(addresses).spelled(rng.pick(AddressSpelling.allCases)))
    }
}
