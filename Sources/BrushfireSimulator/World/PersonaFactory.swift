/// Invents names, mobile numbers and addresses, specific or deliberately vague, from the gazetteer.
struct PersonaFactory: Sendable {
    private let surnameSampler = WeightedSampler(
        weights: Gazetteer.surnames.indices.map { 1 / Double($0 + 4) })
    private let regionSampler = WeightedSampler(weights: Gazetteer.regionWeights)
    private let phoneSpellingSampler = WeightedSampler(weights: PhoneSpelling.habitWeights)
    private let addressSpellingSampler = WeightedSampler(weights: [70, 10, 6, 4, 6, 4])

    func name(_ rng: inout SplitMix64) -> String {
        var name = Gazetteer.surnames[surnameSampler.sample(&rng)]
        name += rng.pick(Gazetteer.givenCharacters)
        if rng.chance(0.7) { name += rng.pick(Gazetteer.givenCharacters) }
        return name
    }

    /// Eleven digits: a carrier prefix and eight random digits.
    func phone(_ rng: inout SplitMix64) -> String {
        var digits = rng.pick(Gazetteer.mobilePrefixes)
        for _ in 0..<8 { digits.append(Character(Unicode.Scalar(UInt8(0x30 + rng.below(10))))) }
        return digits
    }

    func region(_ rng: inout SplitMix64) -> Gazetteer.Region {
        Gazetteer.regions[regionSampler.sample(&rng)]
    }

    /// A home with a door: road and number, often a community, building and room.
    func home(_ rng: inout SplitMix64, in region: Gazetteer.Region? = nil) -> PostalAddress {
        let region = region ?? self.region(&rng)
        let road = rng.pick(Gazetteer.roads)
        let number = rng.int(in: 1...999)
        let building = rng.int(in: 1...24)
        let room = rng.int(in: 1...28) * 100 + rng.int(in: 1...6)
        let detail: String
        switch rng.below(3) {
        case 0:
            detail = "\(road)\(number)号\(rng.pick(Gazetteer.communities))\(building)幢\(rng.int(in: 1...4))单元\(room)室"
        case 1: detail = "\(road)\(number)号\(building)幢\(room)室"
        default: detail = "\(rng.pick(Gazetteer.communities))\(building)幢\(room)室"
        }
        return PostalAddress(
            province: region.province, city: region.city, district: region.district,
            street: rng.pick(region.streets), detail: detail)
    }

    /// An office: road, number, building and floor.
    func office(_ rng: inout SplitMix64, in region: Gazetteer.Region? = nil) -> PostalAddress {
        let region = region ?? self.region(&rng)
        let detail =
            "\(rng.pick(Gazetteer.roads))\(rng.int(in: 1...600))号\(rng.pick(Gazetteer.officeBuildings))\(rng.int(in: 2...32))楼"
        return PostalAddress(
            province: region.province, city: region.city, district: region.district,
            street: rng.pick(region.streets), detail: detail)
    }

    /// A parcel pickup point (station or locker) near a community.
    func pickup(_ rng: inout SplitMix64, in region: Gazetteer.Region? = nil) -> PostalAddress {
        let region = region ?? self.region(&rng)
        let place =
            rng.chance(0.5)
            ? "\(rng.pick(Gazetteer.roads))\(rng.int(in: 1...500))号\(rng.pick(Gazetteer.communities))"
            : rng.pick(Gazetteer.communities)
        return PostalAddress(
            province: region.province, city: region.city, district: region.district,
            street: rng.pick(region.streets), detail: place + rng.pick(Gazetteer.pickupPoints))
    }

    /// A region with no street or door: province and city, sometimes down to the district or street.
    func regionOnly(_ rng: inout SplitMix64) -> PostalAddress {
        let region = self.region(&rng)
        switch rng.below(3) {
        case 0: return PostalAddress(province: region.province, city: region.city, district: "", street: "", detail: "")
        case 1:
            return PostalAddress(
                province: region.province, city: region.city, district: region.district, street: "", detail: "")
        default:
            return PostalAddress(
                province: region.province, city: region.city, district: region.district,
                street: rng.pick(region.streets), detail: "")
        }
    }

    /// A road with no number, or a community with no building: a street, not a door.
    func noNumber(_ rng: inout SplitMix64) -> PostalAddress {
        let region = self.region(&rng)
        let detail = rng.chance(0.5) ? rng.pick(Gazetteer.roads) : rng.pick(Gazetteer.communities)
        return PostalAddress(
            province: region.province, city: region.city, district: region.district,
            street: rng.pick(region.streets), detail: detail)
    }

    /// "Near" a road or landmark, or "at the gate" of a community: a place, not a door.
    func landmark(_ rng: inout SplitMix64) -> PostalAddress {
        let region = self.region(&rng)
        let detail: String
        switch rng.below(3) {
        case 0: detail = rng.pick(Gazetteer.roads) + "附近"
        case 1: detail = rng.pick(Gazetteer.communities) + "门口"
        default: detail = region.district + rng.pick(Gazetteer.landmarks) + "附近"
        }
        return PostalAddress(
            province: region.province, city: region.city, district: region.district,
            street: rng.chance(0.5) ? rng.pick(region.streets) : "", detail: detail)
    }

    func habitualPhoneSpelling(_ rng: inout SplitMix64) -> PhoneSpelling {
        PhoneSpelling.allCases[phoneSpellingSampler.sample(&rng)]
    }

    func habitualAddressSpelling(_ rng: inout SplitMix64) -> AddressSpelling {
        AddressSpelling.allCases[addressSpellingSampler.sample(&rng)]
    }

    /// A person with a fresh name and number at the given address.
    func persona(_ rng: inout SplitMix64, at address: PostalAddress) -> Persona {
        Persona(
            name: name(&rng), phone: phone(&rng), phoneSpelling: habitualPhoneSpelling(&rng), address: address,
            addressSpelling: habitualAddressSpelling(&rng))
    }
}
