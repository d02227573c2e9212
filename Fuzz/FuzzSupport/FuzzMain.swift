import Foundation

#if BRUSHFIRE_FUZZING
    import CLibFuzzer
#endif

/// The `main` of every harness. Built by `Scripts/fuzz.sh` (with `-DBRUSHFIRE_FUZZING` and the fuzzer
/// sanitizer) it hands the command line to libFuzzer; in an ordinary build it runs each file named on the
/// command line through the harness once, which reproduces a crash without the sanitizer build.
/// `--write-seeds DIR` writes the harness's generated seeds to DIR and exits.
public enum FuzzMain {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ test: TestOneInput, seeds: () -> [(name: String, bytes: [UInt8])] = { [] }) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            let directory = URL(fileURLWithPath: arguments[2])
            for seed in seeds() {
                do {
                    try Data(seed.bytes).write(to: directory.appendingPathComponent(seed.name))
                } catch {
                    FileHandle.standardError.write(Data("cannot write seed \(seed.name): \(error)\n".utf8))
                    exit(1)
                }
            }
            exit(0)
        }
        #if BRUSHFIRE_FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, test))
        #else
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(1)
                }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { test($0.baseAddress, $0.count) }
                print("\(path): ok")
            }
            exit(0)
        #endif
    }
}
