import BrushfireCore
import BrushfireSimulator
import Testing

@Suite("Simulator background traffic looks like a marketplace")
struct SimulatorBackgroundTests {
    typealias F = SimulatorFixtures

    static let events = F.background.events
    static let index = StreamIndex(events)
    static let start = SimulationOptions.defaultStart
    /// First-day orders: their refunds and reviews mostly land inside the three simulated days.
    static let firstDayOrders = events.filter { $0.type == .order && $0.timestamp < start + F.day }

    @Test("A three-day default run has 150k–400k events of every type")
    func volume() {
        #expect((150_000...400_000).contains(Self.events.count), "\(Self.events.count) events")
        #expect(Set(Self.events.map(\.type)) == Set(EventType.allCases))
        #expect(F.background.truth.isEmpty)
    }

    @Test("3–10% of orders are refunded, hours to days later")
    func refunds() {
        var delays: [Int64] = []
        for order in Self.firstDayOrders {
            if let refund = Self.index.refundsByOrder[order.orderID!]?.first {
                delays.append(refund.timestamp - order.timestamp)
            }
        }
        let share = Double(delays.count) / Double(Self.firstDayOrders.count)
        #expect((0.03...0.10).contains(share), "refund share \(share)")
        delays.sort()
        #expect(delays.first! >= F.hour)
        let median = delays[delays.count / 2]
        #expect((4 * F.hour...48 * F.hour).contains(median), "median refund delay \(median / F.hour) h")
    }

    @Test("About 30% of orders are reviewed, mostly 4–5 stars, 2–6% at 1–2 stars")
    func reviews() {
        let reviewed = Self.firstDayOrders.filter { Self.index.reviewsByOrder[$0.orderID!] != nil }
        let share = Double(reviewed.count) / Double(Self.firstDayOrders.count)
        #expect((0.22...0.35).contains(share), "review share \(share)")
        let ratings = Self.events.filter { $0.type == .review }.compactMap(\.rating)
        let low = Double(ratings.filter { $0 <= 2 }.count) / Double(ratings.count)
        let high = Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count)
        #expect((0.02...0.06).contains(low), "1–2 star share \(low)")
        #expect(high >= 0.85)
        let complaints = Self.events.filter { $0.type == .complaint }.count
        #expect(complaints > 0 && complaints * 500 < Self.firstDayOrders.count * 3)
    }

    @Test("Orders follow a China-time day: night trough, evening peak")
    func dailyRhythm() {
        var perHour = [Int](repeating: 0, count: 24)
        for event in Self.events where event.type == .order {
            let local = (event.timestamp + 8 * F.hour) % F.day
            perHour[Int(local / F.hour)] += 1
        }
        let evening = Double(perHour[20] + perHour[21]) / 2
        let night = Double(perHour[3] + perHour[4]) / 2
        let lunch = Double(perHour[12])
        let morning = Double(perHour[7])
        #expect(evening / night >= 5, "evening/night \(evening / night)")
        #expect(lunch > morning && evening > lunch)
    }

    @Test("Shop sizes are heavy-tailed: a few take thousands a day, the median a handful")
    func shopSizes() {
        var perShop: [String: Int] = [:]
        for order in Self.firstDayOrders { perShop[order.shopID, default: 0] += 1 }
        let sizes = perShop.values.sorted(by: >)
        #expect(sizes.filter { $0 >= 1_000 }.count >= 3)
        #expect(sizes[0] >= 5_000)
        let allShops = sizes + [Int](repeating: 0, count: max(0, 300 - sizes.count))
        #expect(allShops.sorted(by: >)[150] <= 50, "median shop \(allShops.sorted(by: >)[150]) a day")
    }

    @Test("Most orders on the last day come from accounts seen before")
    func returningBuyers() {
        let lastDay = Self.events.filter { $0.type == .order && $0.timestamp >= Self.start + 2 * F.day }
        let returning = lastDay.filter { Self.index.firstOrder[$0.buyerID]! < Self.start + 2 * F.day }
        #expect(Double(returning.count) >= 0.7 * Double(lastDay.count))
    }

    @Test("Receivers vary as real ones do: phone spellings, households, pickup points, province-only shops")
    func receiverVariety() {
        let orders = Self.events.filter { $0.type == .order }
        let phones = orders.compactMap { $0.receiver?.phone }
        #expect(phones.contains { $0.hasPrefix("+86 ") })
        #expect(phones.contains { $0.unicodeScalars.contains { (0xFF10...0xFF19).contains($0.value) } })
        #expect(phones.allSatisfy { Folding.digits($0).count == 11 && Folding.digits($0).hasPrefix("1") })
        let addresses = orders.compactMap { $0.receiver?.address }
        #expect(addresses.contains { $0.contains("驿站") || $0.contains("快递柜") })
        let provinces = Set(
            addresses.filter { $0.hasSuffix("省") || $0.hasSuffix("市") || $0.hasSuffix("区") }
                .filter { $0.count <= 8 })
        #expect(!provinces.isEmpty, "some shops see the province only")

        // A buyer's own orders spell the same phone more than one way, yet it stays one number.
        var spellings: [String: Set<String>] = [:]
        for order in orders where order.receiver?.phone != nil {
            spellings[order.buyerID, default: []].insert(order.receiver!.phone!)
        }
        #expect(spellings.values.contains { $0.count >= 2 })

        // Households: one door, several accounts with their own phones.
        var phonesByDoor: [String: Set<String>] = [:]
        var accountsByDoor: [String: Set<String>] = [:]
        for order in orders.prefix(60_000) {
            guard let address = order.receiver?.address, address.count > 12 else { continue }
            let door = Folding.address(address)
            accountsByDoor[door, default: []].insert(order.buyerID)
            phonesByDoor[door, default: []].insert(Folding.digits(order.receiver!.phone!))
        }
        let households = accountsByDoor.filter { $0.value.count >= 2 && phonesByDoor[$0.key]!.count >= 2 }
        #expect(households.count >= 50)
    }
}
