import BrushfireCore
import BrushfireSimulator
import Testing

@Suite("Simulator scenarios plant what their truth says")
struct SimulatorScenarioTests {
    typealias F = SimulatorFixtures

    @Test("Reverse brushing: 2,000 orders for one CNY 29.90 item at a big shop within 30 minutes")
    func reverseBrushingBurst() throws {
        let simulation = F.reverseBrushing
        let truth = try #require(simulation.truth.first)
        #expect(truth.scenario == .reverseBrushing && !truth.benign)
        #expect(truth.expectedRules == ["order_burst", "reverse_brushing"])
        let victim = try #require(truth.subjectShopIDs.first)
        let index = StreamIndex(simulation.events)
        let attack = truth.attackOrderIDs.compactMap { index.orders[$0] }
        #expect(attack.count == 2_000)
        #expect(Set(attack.map(\.shopID)) == [victim])
        #expect(Set(attack.compactMap(\.itemID)).count == 1)
        #expect(attack.allSatisfy { $0.amountCents == 2_990 })
        let times = attack.map(\.timestamp)
        #expect(times.max()! - times.min()! < 30 * 60_000)
        #expect(truth.start == times.min()! && truth.end == times.max()!)
        #expect(truth.start >= SimulationOptions.defaultStart + 2 * F.day)
        #expect(Set(attack.map(\.buyerID)).count >= 1_900)
        #expect(Set(attack.map(\.buyerID)) == Set(truth.attackBuyerIDs))

        // The victim normally takes a few thousand orders a day.
        let historyOrders = simulation.events.filter {
            $0.type == .order && $0.shopID == victim && $0.timestamp < SimulationOptions.defaultStart + 2 * F.day
        }
        #expect((2_000...10_000).contains(historyOrders.count / 2), "victim takes \(historyOrders.count / 2) a day")
    }

    @Test("Reverse brushing: at least 99% refunded, 2 to 12 hours after the order")
    func reverseBrushingRefunds() throws {
        let simulation = F.reverseBrushing
        let truth = try #require(simulation.truth.first)
        let index = StreamIndex(simulation.events)
        var refunded = 0
        for orderID in truth.attackOrderIDs {
            guard let refund = index.refundsByOrder[orderID]?.first else { continue }
            let delay = refund.timestamp - index.orders[orderID]!.timestamp
            #expect((2 * F.hour...12 * F.hour).contains(delay))
            refunded += 1
        }
        #expect(Double(refunded) / Double(truth.attackOrderIDs.count) >= 0.99)
        #expect(refunded < truth.attackOrderIDs.count)
    }

    @Test("Reverse brushing: receivers are vague and do not match, unlike the victim's usual traffic")
    func reverseBrushingReceivers() throws {
        let simulation = F.reverseBrushing
        let truth = try #require(simulation.truth.first)
        let attackIDs = Set(truth.attackOrderIDs)
        let orders = simulation.events.filter { $0.type == .order && $0.shopID == truth.subjectShopIDs[0] }
        func vagueShare(_ events: [Event]) -> Double {
            let vague = events.filter { AddressNormalizer.normalize($0.receiver?.address ?? "").vagueness.isVague }
            return Double(vague.count) / Double(max(events.count, 1))
        }
        let attack = orders.filter { attackIDs.contains($0.orderID!) }
        let usual = orders.filter { !attackIDs.contains($0.orderID!) }
        let attackVague = vagueShare(attack)
        let usualVague = vagueShare(usual)
        #expect(attackVague >= 0.6, "attack vague share \(attackVague)")
        #expect(usualVague <= 0.15, "usual vague share \(usualVague)")

        // The same phone turns up under different names.
        var namesByPhone: [String: Set<String>] = [:]
        for order in attack {
            namesByPhone[Folding.digits(order.receiver!.phone!), default: []].insert(order.receiver!.name!)
        }
        #expect(namesByPhone.values.filter { $0.count >= 2 }.count >= 100)

        // Accounts seen before now ship to someone else.
        var earlierPhones: [String: Set<String>] = [:]
        for event in simulation.events where event.type == .order && event.timestamp < truth.start {
            earlierPhones[event.buyerID, default: []].insert(Folding.digits(event.receiver?.phone ?? ""))
        }
        let returning = attack.filter { earlierPhones[$0.buyerID] != nil }
        #expect(returning.count >= 300)
        let mismatched = returning.filter { !earlierPhones[$0.buyerID]!.contains(Folding.digits($0.receiver!.phone!)) }
        #expect(Double(mismatched.count) >= 0.9 * Double(returning.count))
        #expect(attack.count - returning.count >= 1_000, "many first-seen accounts")
    }

    @Test("Flash sale: thousands of orders in an hour at a shop with history, from its established buyers")
    func flashSale() throws {
        let simulation = F.flashSale
        let truth = try #require(simulation.truth.first)
        #expect(truth.benign && truth.expectedRules.isEmpty)
        let index = StreamIndex(simulation.events)
        let shop = truth.subjectShopIDs[0]
        let sale = truth.attackOrderIDs.compactMap { index.orders[$0] }
        #expect(sale.count >= 3_000)
        #expect(sale.allSatisfy { $0.shopID == shop })
        #expect(truth.end - truth.start <= F.hour)
        let history = simulation.events.filter { $0.type == .order && $0.shopID == shop && $0.timestamp < truth.start }
        #expect(history.count >= 200)
        let established = sale.filter { index.firstOrder[$0.buyerID]! < truth.start }
        #expect(Double(established.count) >= 0.95 * Double(sale.count))
        let vague = sale.filter { AddressNormalizer.normalize($0.receiver?.address ?? "").vagueness.isVague }
        #expect(Double(vague.count) <= 0.15 * Double(sale.count))
        let refunded = sale.filter { index.refundsByOrder[$0.orderID!] != nil }
        #expect(Double(refunded.count) <= 0.05 * Double(sale.count))
    }

    @Test("Viral new shop: no history, then a surge from mostly established buyers")
    func viralNewShop() throws {
        let simulation = F.viralNewShop
        let truth = try #require(simulation.truth.first)
        #expect(truth.benign && truth.expectedRules.isEmpty)
        let shop = truth.subjectShopIDs[0]
        let index = StreamIndex(simulation.events)
        #expect(!simulation.events.contains { $0.shopID == shop && $0.timestamp < truth.start })
        let surge = truth.attackOrderIDs.compactMap { index.orders[$0] }
        #expect(surge.count >= 2_500)
        #expect(truth.end - truth.start <= 3 * F.hour)
        let established = surge.filter { index.firstOrder[$0.buyerID]! < truth.start }
        #expect(Double(established.count) >= 0.8 * Double(surge.count))
        let vague = surge.filter { AddressNormalizer.normalize($0.receiver?.address ?? "").vagueness.isVague }
        #expect(Double(vague.count) <= 0.15 * Double(surge.count))
    }

    @Test("Extortion ring: linked accounts order, give one star and extort at 100+ shops")
    func extortionRing() throws {
        let simulation = F.extortionRing
        let truth = try #require(simulation.truth.first)
        #expect(truth.expectedRules == ["fingerprint_ring"] && !truth.benign)
        let index = StreamIndex(simulation.events)
        let orders = truth.attackOrderIDs.compactMap { index.orders[$0] }
        #expect(Set(orders.map(\.shopID)).count >= 100)
        #expect(Set(orders.map(\.shopID)) == Set(truth.subjectShopIDs))
        for order in orders {
            let review = try #require(index.reviewsByOrder[order.orderID!]?.first)
            #expect(review.rating == 1 && review.buyerID == order.buyerID && review.timestamp > order.timestamp)
        }
        let extorted = orders.filter { order in
            index.complaintsByOrder[order.orderID!]?.contains {
                $0.complaintKind == .extortion && $0.filedBy == .shop
            } ?? false
        }
        #expect(Double(extorted.count) >= 0.5 * Double(orders.count))
        #expect(
            orders.allSatisfy {
                index.complaintsByOrder[$0.orderID!] != nil || index.refundsByOrder[$0.orderID!] != nil
            })

        // Several accounts per phone, and each phone written more than one way.
        var accountsByPhone: [String: Set<String>] = [:]
        var spellingsByPhone: [String: Set<String>] = [:]
        for order in orders {
            let phone = Folding.digits(order.receiver!.phone!)
            accountsByPhone[phone, default: []].insert(order.buyerID)
            spellingsByPhone[phone, default: []].insert(order.receiver!.phone!)
        }
        #expect(accountsByPhone.count * 2 <= truth.attackBuyerIDs.count + 1)
        #expect(accountsByPhone.values.filter { $0.count >= 3 }.count >= 5)
        #expect(spellingsByPhone.values.filter { $0.count >= 2 }.count >= 5)
    }

    @Test("Refund ring: hundreds of refunds across dozens of shops from accounts on a few phones")
    func refundRing() throws {
        let simulation = F.refundRing
        let truth = try #require(simulation.truth.first)
        #expect(truth.expectedRules == ["refund_abuse"])
        let index = StreamIndex(simulation.events)
        let orders = truth.attackOrderIDs.compactMap { index.orders[$0] }
        let refunded = orders.filter { index.refundsByOrder[$0.orderID!] != nil }
        #expect(refunded.count >= 300)
        #expect(Set(refunded.map(\.shopID)).count >= 30)
        let phones = Set(orders.map { Folding.digits($0.receiver!.phone!) })
        #expect(phones.count <= 5)
        #expect(Set(orders.map(\.buyerID)).count == truth.attackBuyerIDs.count)
    }

    @Test("Review bombing: 100+ one-star reviews on one shop within two hours, orders placed shortly before")
    func reviewBombing() throws {
        let simulation = F.reviewBombing
        let truth = try #require(simulation.truth.first)
        #expect(truth.expectedRules == ["review_bombing"])
        let index = StreamIndex(simulation.events)
        let shop = truth.subjectShopIDs[0]
        let reviews = truth.attackOrderIDs.compactMap { index.reviewsByOrder[$0]?.first }
        #expect(reviews.count >= 100)
        #expect(reviews.allSatisfy { $0.rating == 1 && $0.shopID == shop })
        #expect(truth.end - truth.start <= 2 * F.hour)
        for review in reviews {
            let order = index.orders[review.orderID!]!
            #expect((0...(6 * F.hour)).contains(review.timestamp - order.timestamp))
        }
        let newAccounts = reviews.filter { index.firstOrder[$0.buyerID]! >= truth.start - 7 * F.hour }
        #expect(Double(newAccounts.count) >= 0.6 * Double(reviews.count))
    }

    @Test("Retaliation: each 1-star reviewer files a harassment complaint against the shop within hours")
    func retaliation() throws {
        let simulation = F.retaliation
        let truth = try #require(simulation.truth.first)
        #expect(truth.expectedRules == ["retaliation"])
        let index = StreamIndex(simulation.events)
        #expect(truth.attackOrderIDs.count >= 5)
        for orderID in truth.attackOrderIDs {
            let review = try #require(index.reviewsByOrder[orderID]?.first)
            let complaint = try #require(index.complaintsByOrder[orderID]?.first)
            #expect(review.rating == 1)
            #expect(complaint.complaintKind == .harassment && complaint.filedBy == .buyer)
            #expect(complaint.shopID == truth.subjectShopIDs[0] && complaint.buyerID == review.buyerID)
            #expect((F.hour...(6 * F.hour)).contains(complaint.timestamp - review.timestamp))
        }
    }

    @Test("Shared dorm: dozens of accounts with their own phones behind one address, plus a household of three")
    func sharedDorm() throws {
        let simulation = F.sharedDorm
        let truth = try #require(simulation.truth.first)
        #expect(truth.benign && truth.expectedRules.isEmpty)
        let index = StreamIndex(simulation.events)
        let orders = truth.attackOrderIDs.compactMap { index.orders[$0] }
        var accountsByAddress: [String: Set<String>] = [:]
        var phonesByAddress: [String: Set<String>] = [:]
        for order in orders {
            let place = Folding.address(order.receiver!.address!)
            accountsByAddress[place, default: []].insert(order.buyerID)
            phonesByAddress[place, default: []].insert(Folding.digits(order.receiver!.phone!))
        }
        let crowded = accountsByAddress.filter { $0.value.count >= 20 }
        #expect(crowded.count >= 3)
        for (place, accounts) in crowded {
            #expect(phonesByAddress[place]!.count == accounts.count, "every account has its own phone")
        }
        #expect(accountsByAddress.values.contains { $0.count == 3 })
        // Their refunds are ordinary.
        let refunded = orders.filter { index.refundsByOrder[$0.orderID!] != nil }
        #expect(Double(refunded.count) <= 0.2 * Double(orders.count))
    }
}
