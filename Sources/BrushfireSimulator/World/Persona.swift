import BrushfireCore

/// A real-world receiver: a name, a mobile number and an address, with the spellings this person habitually uses.
struct Persona: Sendable {
    var name: String
    /// Eleven ASCII digits.
    var phone: String
    var phoneSpelling: PhoneSpelling
    var address: PostalAddress
    var addressSpelling: AddressSpelling

    /// The receiver as typed on one order: mostly the habitual spellings, now and then another.
    func receiver(_ rng: inout SplitMix64, provinceOnly: Bool = false) -> Receiver {
        let phoneStyle = rng.chance(0.9) ? phoneSpelling : rng.pick(PhoneSpelling.allCases)
        let addressText: String
        if provinceOnly {
            addressText = address.provinceOnly
        } else {
            addressText = address.spelled(rng.chance(0.85) ? addressSpelling : rng.pick(AddressSpelling.allCases))
        }
        return Receiver(name: name, phone: phoneStyle.spell(phone), address: addressText)
    }
}
