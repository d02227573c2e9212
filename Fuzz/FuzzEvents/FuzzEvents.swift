import BrushfireCore
import FuzzSupport

@main
enum FuzzEvents {
    static func main() { FuzzMain.run(fuzz) }
}

/// libFuzzer entry point: the input is a batch of records, one per line, offered to a fresh pipeline as a file
/// would be, so the decoder and the engine behind it are fuzzed together. Any accepted event reaches the engine;
/// the batch ends, and the engine finishes, so every rule and the incident tracker run on what got through.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var pipeline = Pipeline(engine: Engine(), advanceEvery: 4)
    var output = Pipeline.Output()
    var line = 0
    var start = 0
    for index in 0...size where index == size || bytes[index] == UInt8(ascii: "\n") {
        if index > start || index < size {
            line += 1
            pipeline.offer(
                UnsafeRawBufferPointer(rebasing: bytes[start..<index]), tag: 0,
                at: .line(file: "fuzz", line: line), into: &output)
        }
        start = index + 1
    }
    pipeline.endBatch(into: &output)
    pipeline.finish(into: &output)
    precondition(output.triggers.count == output.alerts.count, "an alert without its trigger position")
    return 0
}
