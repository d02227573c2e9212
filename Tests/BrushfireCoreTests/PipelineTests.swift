import BrushfireSimulator
import BrushfireTestKit
import Testing

@testable import BrushfireCore

/// The one ingest path: what it accepts, what it refuses and where, and that its cadence never changes alerts.
@Suite struct PipelineTests {
    static let start: Int64 = 1_794_000_000_000

    static func review(_ id: Int, at time: Int64) -> String {
        Event(
            eventID: "e\(id)", type: .review, timestamp: time, shopID: "shop-1", buyerID: "b\(id)", orderID: "o\(id)",
            recordID: "r\(id)", rating: 5
        ).jsonLine()
    }

    @Test("Bad records come back with their stage, reason, field, position and bytes; good ones are accepted")
    func rejections() {
        let lines = [
            Self.review(1, at: Self.start),
            #"{"event_id":"e2","type":"order"}"#,
            "not json",
            Self.review(3, at: Self.start + 600_000),
            // Before the watermark (600 s ahead minus 120 s lateness): late.
            Self.review(4, at: Self.start),
        ]
        let run = EngineRun.lines(lines, file: "day.jsonl")
        #expect(run.output.accepted == 2)
        let rejections = run.output.rejections
        #expect(rejections.map(\.position) == [2, 3, 5].map { RecordPosition.line(file: "day.jsonl", line: $0) })
        #expect(rejections.map(\.stage) == [.decode, .decode, .eventTime])
        #expect(rejections.map(\.reason) == ["missing_field", "malformed_json", "late"])
        #expect(rejections[2].field == "ts")
        #expect(rejections[1].raw == Array("not json".utf8))
        #expect(run.statistics.processed == 2)
    }

    @Test("A record over the size limit is refused as too_long with its first bytes")
    func oversized() {
        var pipeline = Pipeline(engine: Engine())
        var output = Pipeline.Output()
        pipeline.offerOversized(
            length: 5_000_000, prefix: Array("{\"event_id\"".utf8), tag: 9,
            at: .offset(topic: "events", partition: 3, offset: 41, timestamp: -1), into: &output)
        #expect(output.rejections.count == 1)
        #expect(output.rejections[0].reason == "too_long")
        #expect(output.rejections[0].truncated)
        #expect(output.rejections[0].tag == 9)
        #expect(pipeline.statistics.invalidByReason == ["too_long": 1])
    }

    @Test("Every alert names the record of the stretch after which it was emitted", arguments: [1, 7, 256])
    func triggers(advanceEvery: Int) {
        let simulation = SimulationCache.shared.simulation(.reverseBrushing, seed: 1)
        let lines = simulation.events.map { $0.jsonLine() }
        let run = EngineRun.lines(lines, advanceEvery: advanceEvery)
        #expect(run.output.triggers.count == run.output.alerts.count)
        var previous = 0
        for (alert, trigger) in zip(run.output.alerts, run.output.triggers) {
            guard case .line(_, let line)? = trigger else {
                Issue.record("alert \(alert.alertID) has no trigger")
                continue
            }
            // In file order, and a stretch is never longer than the cadence.
            #expect(line >= previous && line <= lines.count)
            previous = line
        }
        #expect(!run.output.alerts.isEmpty)
    }

    @Test(
        "Records decoded ahead and then ingested give exactly what offering them one by one gives",
        arguments: [1, 7, 256])
    func decodedAhead(advanceEvery: Int) {
        var lines = SimulationCache.shared.simulation(.reverseBrushing, seed: 1).events.map { $0.jsonLine() }
        lines.insert("not json", at: 10)
        lines.insert(#"{"event_id":"e2","type":"order"}"#, at: 500)
        lines.append(Self.review(900_001, at: Self.start))  // long before the watermark: late
        let prefix = Array("{\"event_id\"".utf8)
        let position = { (line: Int) in RecordPosition.line(file: "day.jsonl", line: line) }

        // Batches of 1,000 records and a last one with an oversized record, offered one by one…
        var offered = Pipeline(engine: Engine(), advanceEvery: advanceEvery)
        var offeredOutput = Pipeline.Output()
        for start in stride(from: 0, to: lines.count, by: 1000) {
            for index in start..<min(start + 1000, lines.count) {
                var line = lines[index]
                line.withUTF8 {
                    offered.offer(
                        UnsafeRawBufferPointer($0), tag: index + 1, at: position(index + 1), into: &offeredOutput)
                }
            }
            offered.endBatch(into: &offeredOutput)
        }
        offered.offerOversized(
            length: 5_000_000, prefix: prefix, tag: lines.count + 1, at: position(lines.count + 1),
            into: &offeredOutput)
        offered.finish(into: &offeredOutput)

        // …and each decoded whole before it is ingested.
        var ingested = Pipeline(engine: Engine(), advanceEvery: advanceEvery)
        var output = Pipeline.Output()
        for start in stride(from: 0, to: lines.count, by: 1000) {
            var decoded = DecodedRecords()
            for index in start..<min(start + 1000, lines.count) {
                var line = lines[index]
                line.withUTF8 { decoded.append(UnsafeRawBufferPointer($0), tag: index + 1) }
            }
            ingested.ingest(decoded, at: position, into: &output)
            ingested.endBatch(into: &output)
        }
        var oversized = DecodedRecords()
        oversized.appendOversized(length: 5_000_000, prefix: prefix, tag: lines.count + 1)
        ingested.ingest(oversized, at: position, into: &output)
        ingested.finish(into: &output)

        #expect(!output.alerts.isEmpty)
        #expect(output.alerts.map { $0.jsonLine() } == offeredOutput.alerts.map { $0.jsonLine() })
        #expect(output.triggers == offeredOutput.triggers)
        #expect(output.rejections == offeredOutput.rejections)
        #expect(output.rejections.map(\.reason) == ["malformed_json", "missing_field", "late", "too_long"])
        #expect(output.accepted == offeredOutput.accepted)
        #expect(ingested.engine.statistics == offered.engine.statistics)
        #expect(ingested.statistics == offered.statistics)
    }

    @Test("The advance cadence changes no alert")
    func cadence() {
        let lines = SimulationCache.shared.simulation(.extortionRing, seed: 1).events.map { $0.jsonLine() }
        let every = EngineRun.lines(lines, advanceEvery: 1).output.alerts.map { $0.jsonLine() }
        let batched = EngineRun.lines(lines, advanceEvery: 1000).output.alerts.map { $0.jsonLine() }
        #expect(!every.isEmpty)
        #expect(every == batched)
    }
}

/// The receiver cache is only a cache: whatever collides or is evicted, the features are those computed afresh.
@Suite struct ReceiverCacheTests {
    @Test("A tiny cache full of collisions gives exactly the uncached fingerprints and displays")
    func collisions() {
        let fingerprinter = Fingerprinter.development
        var cache = ReceiverCache(phoneSlots: 4, addressSlots: 4, nameSlots: 4)
        let phones = ["13812345678", "+86 138 1234 5678", "138****5678", "", "057187654321", "abc", "13912345678"]
        let addresses = ["浙江省杭州市西湖区文三路100号3幢201室", "杭州西湖区文三路100号", "北京市", "", "上海市浦东新区某小区5-302"]
        let names = ["张三", "张 三", "Li Lei", "", "阿卜杜・热合曼"]
        for round in 0..<3 {
            for (i, raw) in (phones + phones.reversed()).enumerated() {
                let normalized = PhoneNormalizer.normalize(raw)
                let cached = cache.phone(raw, fingerprinter)
                #expect(cached.fingerprint == (fingerprinter.fingerprint(normalized)?.value ?? 0), "\(round) \(i)")
                #expect(cached.display == (fingerprinter.fingerprint(normalized) == nil ? "" : normalized.display))
            }
            for raw in addresses + addresses.reversed() {
                let normalized = AddressNormalizer.normalize(raw)
                let cached = cache.address(raw, fingerprinter)
                #expect(cached.fingerprint == (fingerprinter.fingerprint(normalized)?.value ?? 0))
                #expect(cached.vague == normalized.vagueness.isVague)
            }
            for raw in names + names.reversed() {
                let expected = fingerprinter.fingerprint(name: NameNormalizer.normalize(raw))?.value ?? 0
                #expect(cache.name(raw, fingerprinter) == expected)
            }
        }
    }
}
