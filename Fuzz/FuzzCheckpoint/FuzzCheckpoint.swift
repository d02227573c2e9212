import BrushfireCore
import FuzzSupport

@main
enum FuzzCheckpoint {
    static func main() { FuzzMain.run(fuzz, seeds: seeds) }
}

/// libFuzzer entry point: the input is a checkpoint part. The first byte picks the instance or the partition
/// reader, the rest is the file. A damaged file must be refused with an error, never trap; one that is accepted
/// must leave an engine that still runs and checkpoints again.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var engine = Engine()
    do {
        if data[0] & 1 == 0 {
            try engine.restore(instance: bytes)
        } else {
            try engine.restore(partition: bytes)
        }
    } catch {
        return 0
    }
    _ = engine.advance()
    do {
        _ = try engine.checkpoint(sources: [0, 1], partitionOf: partition(ofShop:))
    } catch {
        fatalError("an accepted checkpoint could not be written again: \(error)")
    }
    _ = engine.finish()
    return 0
}

/// Real checkpoints: an engine fed four hundred orders, refunds and reviews for five shops on two sources,
/// checkpointed whole and split by partition, and an empty engine's.
func seeds() -> [(name: String, bytes: [UInt8])] {
    var pipeline = Pipeline(engine: Engine())
    var output = Pipeline.Output()
    let start: Int64 = 1_794_362_400_000
    for n in 0..<400 {
        let shop = n % 7 == 0 ? 1 : n % 5
        let common =
            #""event_id":"ev-\#(n)","ts":\#(start + Int64(n) * 700),"shop_id":"shop-\#(shop)""#
            + #","buyer_id":"b-\#(n % 40)""#
        let line =
            if n % 11 == 0 {
                #"{\#(common),"type":"refund","order_id":"o-\#(n - 1)","refund_id":"r-\#(n)","amount_cents":150}"#
            } else if n % 13 == 0 {
                #"{\#(common),"type":"review","order_id":"o-\#(n - 1)","review_id":"rv-\#(n)","rating":\#(1 + n % 5)}"#
            } else {
                #"{\#(common),"type":"order","order_id":"o-\#(n)","item_id":"i-\#(n % 9)","amount_cents":\#(100 + n)}"#
            }
        Array(line.utf8).withUnsafeBytes { raw in
            pipeline.offer(raw, source: shop % 2, tag: 0, at: .line(file: "seed", line: n + 1), into: &output)
        }
        if n % 100 == 99 { pipeline.endBatch(into: &output) }
    }
    pipeline.endBatch(into: &output)
    precondition(output.rejections.isEmpty, "seed events rejected: \(output.rejections.prefix(3))")
    let whole = try! pipeline.engine.checkpoint()
    let split = try! pipeline.engine.checkpoint(sources: [0, 1], partitionOf: partition(ofShop:))
    var seeds = [
        (name: "instance-whole", bytes: [0] + whole.instance),
        (name: "instance-split", bytes: [0] + split.instance),
        (name: "instance-empty", bytes: [0] + (try! Engine().checkpoint().instance)),
    ]
    for (source, part) in split.partitions.sorted(by: { $0.key < $1.key }) {
        seeds.append((name: "partition-\(source)", bytes: [1] + part))
    }
    return seeds
}

private func partition(ofShop shop: String) -> Int? {
    shop.utf8.last.map { Int($0) % 2 }
}
