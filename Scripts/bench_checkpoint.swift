// Checkpoint size and time per million tracked keys; run through Scripts/bench-checkpoint.sh (release build).
import BrushfireCore
import BrushfireState

#if canImport(Glibc)
    import Glibc
#endif

func seconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// This process's CPU time: what the other builds on a shared machine do not inflate (the wait for `fsync` is not
/// in it).
func cpuSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

/// SplitMix64, so every run measures the same state.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// An engine after `orders` orders from mostly distinct buyers and receivers over a few hours of 2,000 shops.
func populatedEngine(orders: Int, rings: Bool) -> Engine {
    var rules = Rules.defaults
    if !rings {
        rules.fingerprintRing.enabled = false
        rules.refundAbuse.enabled = false
        rules.reviewBombing.enabled = false
        rules.retaliation.enabled = false
    }
    var engine = Engine(rules: rules)
    var random = Generator(state: 42)
    let start: Int64 = 1_767_225_600_000
    let span: Int64 = 6 * 3_600_000
    for i in 0..<orders {
        let t = start + span * Int64(i) / Int64(orders)
        let buyer = random.below(orders)
        let event = Event(
            eventID: "e-\(i)", type: .order, timestamp: t, shopID: "shop-\(random.below(2_000))",
            buyerID: "buyer-\(buyer)", orderID: "order-\(i)", itemID: "item-\(random.below(50_000))",
            amountCents: Int64(random.below(100_000)), currency: "CNY",
            receiver: Receiver(
                name: "Name \(buyer)", phone: "13\(800_000_000 + buyer % 100_000_000)",
                address: "No. \(buyer % 997) Road \(buyer / 997), Chaoyang District, Beijing"))
        _ = engine.ingest(event)
        if i & 1023 == 1023 { _ = engine.advance() }
    }
    _ = engine.advance()
    return engine
}

let directory = "/tmp/brushfire-bench-checkpoint-\(getpid())"
let store = try StateDirectory(path: directory, instance: "bench")
print(
    "rings  orders      tracked keys  ring keys  bytes        bytes/key  encode    write     read+CRC  restore   "
        + "per 1M keys (all)  CPU per 1M keys")
let arguments = CommandLine.arguments
let configurations =
    arguments.contains("--core-only")
    ? [(1_000_000, false)]
    : arguments.contains("--rings-only") ? [(1_000_000, true)] : [(1_000_000, false), (250_000, true), (1_000_000, true)]
for (orders, rings) in configurations {
    let engine = populatedEngine(orders: orders, rings: rings)
    let keys = engine.trackedKeys
    let ringKeys = engine.rings.footprint.keys
    let cpu = cpuSeconds()
    var t = seconds()
    let parts = try engine.checkpoint()
    let encode = seconds() - t
    t = seconds()
    try store.write(CheckpointFile(kind: .instance, writtenAt: 0, engine: parts.instance), to: store.instancePath)
    let write = seconds() - t
    t = seconds()
    let file = try store.read(store.instancePath)!
    let read = seconds() - t
    t = seconds()
    var restored = Engine(rules: engine.rules)
    let report = try restored.restore(instance: file.engine)
    let restore = seconds() - t
    let cpuPerMillion = (cpuSeconds() - cpu) / (Double(keys) / 1e6)
    precondition(report.skipped.isEmpty, "sections skipped: \(report.skipped)")
    precondition(restored.trackedKeys == keys, "restored \(restored.trackedKeys) keys of \(keys)")
    let perMillion = (encode + write + read + restore) / (Double(keys) / 1e6)
    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
    func ms(_ value: Double) -> String { pad("\(Int((value * 1000).rounded())) ms", 10) }
    print(
        pad(rings ? "on" : "off", 7) + pad("\(orders)", 12) + pad("\(keys)", 14) + pad("\(ringKeys)", 11)
            + pad("\(parts.instance.count)", 13) + pad("\(parts.instance.count / max(keys, 1))", 11) + ms(encode)
            + ms(write) + ms(read) + ms(restore) + pad(ms(perMillion), 19) + ms(cpuPerMillion))
    // Kept until here: Swift may end a variable's life at its last use, and freeing the engine (millions of objects,
    // seconds) inside the restore's timing is no part of a restore.
    withExtendedLifetime(engine) {}
}
_ = unlink(store.instancePath)
_ = rmdir(directory + "/partitions")
_ = rmdir(directory)
