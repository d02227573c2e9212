import BrushfireCore
import BrushfireKafka
import BrushfireRuntime
import BrushfireSinks
import BrushfireTestKit
import Foundation
import Testing

/// Evidence packs of the seed scenario, replayed from a real file: every number in the pack against a count made
/// here from the event log itself, the same packs however the replay is threaded, and no raw personal data.
@Suite("Evidence packs of the seed scenario")
struct EvidencePackTests {
    /// Replays the seed events from a file with the engine tracing, as `brushfire replay --evidence` does.
    static func replay(threads: Int = 1, rules: Rules = .defaults, finish: Bool = true) async throws -> (
        EvidenceCollector, [Alert]
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "brf-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("events.jsonl")
        try (DaemonSeed.lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        var engine = Engine(rules: rules)
        engine.startTracing()
        let sink = CollectingSink()
        var runner = ReplayRunner(engine: engine, sinks: [sink])
        runner.threads = threads
        runner.finishAtEnd = finish
        runner.evidence = EvidenceCollector(rules: rules)
        _ = try await runner.run(inputs: [input.path])
        return (runner.evidence!, await sink.alerts)
    }

    /// The seed replay, made once per test process.
    static func seed() async throws -> (collector: EvidenceCollector, alerts: [Alert]) {
        try await SeedReplay.shared.get()
    }

    @Test func tracingLeavesTheAlertsByteIdentical() async throws {
        let seed = try await Self.seed()
        #expect(seed.alerts.map { $0.jsonLine() } == DaemonSeed.replayAlerts)
    }

    @Test func everyHighOrCriticalShopIncidentHasAPackAndNoOtherDoes() async throws {
        let seed = try await Self.seed()
        var worst: [String: Severity] = [:]
        var kind: [String: AlertSubject.Kind] = [:]
        for alert in seed.alerts {
            worst[alert.alertID] = max(worst[alert.alertID] ?? .info, alert.severity)
            kind[alert.alertID] = alert.subject.kind
        }
        let expected = Set(worst.filter { $0.value >= .high && kind[$0.key] == .shop }.keys)
        #expect(!expected.isEmpty)
        #expect(Set(seed.collector.packAlertIDs) == expected)
        let rules = Set(seed.collector.packAlertIDs.compactMap { seed.collector.pack($0)?.rule })
        #expect(rules.isSuperset(of: ["order_burst", "reverse_brushing"]))
    }

    @Test(arguments: ["order_burst", "reverse_brushing"])
    func theNumbersInThePackAgreeWithTheEventLog(rule: String) async throws {
        let seed = try await Self.seed()
        let collector = seed.collector
        let pack = try #require(collector.packAlertIDs.compactMap { collector.pack($0) }.first { $0.rule == rule })
        let shopEvents = DaemonSeed.events.filter { $0.shopID == pack.shopID }
        let orders = shopEvents.filter {
            $0.type == .order && $0.timestamp >= pack.burst.start && $0.timestamp < pack.burst.end
        }
        #expect(pack.burst.orders == orders.count)
        #expect(pack.orders.map(\.orderID) == orders.map { $0.orderID! })

        var firstRefund: [String: Int64] = [:]
        for refund in shopEvents where refund.type == .refund {
            if let order = refund.orderID, firstRefund[order] == nil { firstRefund[order] = refund.timestamp }
        }
        let refunded = orders.filter { firstRefund[$0.orderID!] != nil }
        #expect(pack.burst.refunded.count == refunded.count)
        #expect(pack.orders.filter { $0.flags.contains("refunded") }.count == refunded.count)
        let delays = refunded.map { firstRefund[$0.orderID!]! - $0.timestamp }.sorted()
        #expect(pack.refundDelays.count == delays.count)
        if !delays.isEmpty {
            #expect(pack.refundDelays.medianMillis == delays[Int((Double(delays.count - 1) * 0.5).rounded())])
            #expect(pack.refundDelays.buckets.map(\.count).reduce(0, +) == delays.count)
        }

        // Items: counted here by item id.
        var byItem: [String: Int] = [:]
        for order in orders { byItem[order.itemID ?? "-", default: 0] += 1 }
        #expect(pack.items.first?.orders == byItem.values.max())
        #expect(Dictionary(uniqueKeysWithValues: pack.items.map { ($0.itemID, $0.orders) }) == byItem)

        // Every minute of both charts: orders and refunds counted here from the log.
        for chart in [pack.chart] + (pack.burstChart.map { [$0] } ?? []) {
            var expected: [Int64: (Int64, Int64)] = [:]
            for event in shopEvents where event.timestamp >= chart.start && event.timestamp < chart.end {
                let minute = event.timestamp / 60_000
                var entry = expected[minute] ?? (0, 0)
                if event.type == .order { entry.0 += 1 } else if event.type == .refund { entry.1 += 1 }
                if event.type == .order || event.type == .refund { expected[minute] = entry }
            }
            let charted = Dictionary(uniqueKeysWithValues: chart.minutes.map { ($0[0], ($0[1], $0[2])) })
            #expect(charted.count == expected.count)
            for (minute, counts) in expected {
                #expect(charted[minute]?.0 == counts.0 && charted[minute]?.1 == counts.1, "minute \(minute)")
            }
        }
        // The chart holds the burst itself, not only the refunds that came a day later.
        let burstSpan = (pack.burst.start / 60_000)...((pack.burst.end - 1) / 60_000)
        let burstMinutes = pack.chart.minutes.filter { burstSpan.contains($0[0]) }
        let ordersInThoseMinutes = shopEvents.filter { $0.type == .order && burstSpan.contains($0.timestamp / 60_000) }
        #expect(burstMinutes.map { $0[1] }.reduce(0, +) == Int64(ordersInThoseMinutes.count))
        #expect(ordersInThoseMinutes.count >= orders.count)
        #expect(pack.statement.en.contains(pack.shopID) && pack.statement.zh.contains(pack.shopID))
        #expect(pack.statement.en.contains("\(orders.count) orders"))
        #expect(pack.statement.zh.contains("\(orders.count) 笔订单"))
        #expect(pack.rulesFired.contains { $0.rule == rule && $0.alertID == pack.alertID })
        #expect(pack.rulesFired.allSatisfy { !$0.thresholds.isEmpty })
    }

    @Test func theSeedBurstReadsAsAnAttackAgainstTheShopsNormal() async throws {
        let seed = try await Self.seed()
        let collector = seed.collector
        let pack = try #require(
            collector.packAlertIDs.compactMap { collector.pack($0) }.first { $0.rule == "reverse_brushing" })
        #expect(pack.burst.orders >= 1_900)
        #expect(pack.burst.expectedOrders > 0 && Double(pack.burst.orders) / pack.burst.expectedOrders > 10)
        #expect(pack.burst.vagueAddresses.share > pack.burst.vagueAddresses.normal + 0.3)
        #expect(pack.burst.refunded.share > 0.9)
        #expect(pack.items.first.map { $0.share > 0.9 && $0.priceCents == 2_990 } == true)
        #expect(pack.notes.isEmpty, "\(pack.notes)")
    }

    /// The seed's phones, addresses and names that a pack must not show. A pack shows an address's region prefix
    /// (`江苏省南京市…`), so an address that is nothing but a region is shown whole, and names no one.
    static let personalData = AdminPageTests.personalData.filter {
        !AddressNormalizer.normalize($0).display.contains($0)
    }

    /// The values of `needles` (6 bytes or longer) that occur in `text`, in one pass over its bytes: a
    /// `String.contains` per value and pack takes minutes.
    static func occurrences(of needles: [String], in text: String) -> Set<String> {
        func key(_ bytes: some Collection<UInt8>) -> UInt64 { bytes.prefix(6).reduce(0) { $0 << 8 | UInt64($1) } }
        var byPrefix: [UInt64: [[UInt8]]] = [:]
        for needle in needles where needle.utf8.count >= 6 {
            byPrefix[key(needle.utf8), default: []].append(Array(needle.utf8))
        }
        let bytes = Array(text.utf8)
        var found = Set<String>()
        guard bytes.count >= 6 else { return found }
        for start in 0...(bytes.count - 6) {
            guard let candidates = byPrefix[key(bytes[start..<(start + 6)])] else { continue }
            for candidate in candidates where start + candidate.count <= bytes.count {
                if bytes[start..<(start + candidate.count)].elementsEqual(candidate) {
                    found.insert(String(decoding: candidate, as: UTF8.self))
                }
            }
        }
        return found
    }

    @Test func noRawPersonalDataInAnyPack() async throws {
        let seed = try await Self.seed()
        let collector = seed.collector
        for id in collector.packAlertIDs {
            let pack = try #require(collector.pack(id))
            let json = String(decoding: try pack.json(), as: UTF8.self)
            let html = pack.html()
            let leaked = Self.occurrences(of: Self.personalData, in: json).union(
                Self.occurrences(of: Self.personalData, in: html))
            #expect(leaked.isEmpty, "raw personal data in the pack of \(id): \(leaked.sorted().prefix(5))")
            for remote in ["src=", "<link", "href=\"http", "@import", "url(", "<script"] {
                #expect(!html.contains(remote), "the pack must fetch nothing and run nothing, but it has \(remote)")
            }
        }
    }

    @Test func twoThreadsGiveTheSamePacks() async throws {
        let seed = try await Self.seed()
        let (threaded, _) = try await Self.replay(threads: 2)
        let one = seed.collector
        #expect(threaded.packAlertIDs == one.packAlertIDs)
        for id in one.packAlertIDs { #expect(try threaded.pack(id)?.json() == one.pack(id)?.json()) }
    }

    @Test func theReplayWritesOneHTMLAndOneJSONFilePerPack() async throws {
        let seed = try await Self.seed()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brf-packs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try seed.collector.archive.write(to: directory.path)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == written.flatMap { ["\($0).html", "\($0).json"] }.sorted())
        for id in written {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(id).json"))
            let decoded = try JSONDecoder().decode(EvidencePack.self, from: data)
            #expect(decoded == seed.collector.pack(id))
        }
    }
}

/// Keeps the alerts a replay delivered.
actor CollectingSink: AlertSink {
    var alerts: [Alert] = []
    func write(_ alerts: [Alert]) async throws { self.alerts += alerts }
    func flush() async throws {}
    func close() async throws {}
}

/// The seed replay of the suite, run once.
actor SeedReplay {
    static let shared = SeedReplay()
    private var made: Task<(collector: EvidenceCollector, alerts: [Alert]), any Error>?

    func get() async throws -> (collector: EvidenceCollector, alerts: [Alert]) {
        if let made { return try await made.value }
        let task = Task { () async throws -> (collector: EvidenceCollector, alerts: [Alert]) in
            let (collector, alerts) = try await EvidencePackTests.replay()
            return (collector, alerts)
        }
        made = task
        return try await task.value
    }
}
