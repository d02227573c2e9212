import BrushfireCore
import Foundation

/// libFuzzer entry point: the input is a checkpoint part. The first byte picks the instance or the partition
/// reader, the rest is the file. A damaged file must be refused with an error, never trap; one that is accepted
/// must leave an engine that still runs and checkpoints again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
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
    _ = engine.checkpoint(sources: [0, 1], partitionOf: partition(ofShop:))
    _ = engine.finish()
    return 0
}

/// With BRUSHFIRE_FUZZ_SEEDS set to a directory, writes real checkpoints there before fuzzing starts: an engine
/// fed a few thousand orders, refunds and reviews on two sources, checkpointed with and without partitions.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["BRUSHFIRE_FUZZ_SEEDS"] else { return 0 }
    var pipeline = Pipeline(engine: Engine())
    var output = Pipeline.Output()
    let start: Int64 = 1_794_362_400_000
    for n in 0..<3000 {
        let shop = n % 7 == 0 ? 1 : n % 5
        let ts = start + Int64(n) * 700
        var line =
            #"{"event_id":"ev-\#(n)","type":"order","ts":\#(ts),"shop_id":"shop-\#(shop)","order_id":"o-\#(n)","#
            + #""buyer_id":"b-\#(n % 40)","item_id":"i-\#(n % 9)","amount_cents":\#(100 + n % 300)}"#
        if n % 11 == 0 {
            line =
                #"{"event_id":"ev-\#(n)","type":"refund","ts":\#(ts),"shop_id":"shop-\#(shop)","order_id":"o-\#(n - 1)","#
                + #""buyer_id":"b-\#(n % 40)","refund_id":"r-\#(n)","amount_cents":150}"#
        } else if n % 13 == 0 {
            line =
                #"{"event_id":"ev-\#(n)","type":"review","ts":\#(ts),"shop_id":"shop-\#(shop)","order_id":"o-\#(n - 1)","#
                + #""buyer_id":"b-\#(n % 40)","review_id":"rv-\#(n)","rating":\#(1 + n % 5)}"#
        }
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { raw in
            pipeline.offer(
                raw, source: shop % 2, tag: 0, at: .line(file: "seed", line: n + 1), into: &output)
        }
        if n % 500 == 499 { pipeline.endBatch(into: &output) }
    }
    pipeline.endBatch(into: &output)
    let whole = pipeline.engine.checkpoint()
    let split = pipeline.engine.checkpoint(sources: [0, 1], partitionOf: partition(ofShop:))
    var seeds: [(String, UInt8, [UInt8])] = [
        ("instance-whole", 0, whole.instance), ("instance-split", 0, split.instance),
    ]
    for (source, part) in split.partitions.sorted(by: { $0.key < $1.key }) {
        seeds.append(("partition-\(source)", 1, part))
    }
    seeds.append(("instance-empty", 0, Engine().checkpoint().instance))
    for (name, selector, part) in seeds {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(name).bin")
        try? Data([selector] + part).write(to: url)
    }
    return 0
}

private func partition(ofShop shop: String) -> Int? {
    shop.utf8.last.map { Int($0) % 2 }
}
