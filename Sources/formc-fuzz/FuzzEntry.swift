// The fuzzing executable: with `-D FORMC_LIBFUZZER` and `-sanitize=fuzzer,address` (scripts/fuzz.sh)
// libFuzzer's driver runs the target; in an ordinary build it replays files given as arguments,
// which reproduces a crash without the sanitizers. FORMC_FUZZ_TARGET picks the target (spec,
// expression, json, pattern).
import FormcCore

#if canImport(Glibc)
import Glibc
#endif

/// A line on standard error (the C `stderr` global is not concurrency-safe to name in Swift 6).
func complain(_ message: String) {
    var line = "formc-fuzz: " + message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let fuzzTarget: FuzzTargets.Target = {
    let name = getenv("FORMC_FUZZ_TARGET").map { String(cString: $0) } ?? "spec"
    guard let target = FuzzTargets.Target(rawValue: name) else {
        complain("FORMC_FUZZ_TARGET must be one of \(FuzzTargets.Target.allCases.map(\.rawValue))")
        exit(2)
    }
    return target
}()

/// One input, as libFuzzer hands it over.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTargets.run(fuzzTarget, bytes)
    return 0
}

#if FORMC_LIBFUZZER
// libFuzzer's own driver, entered from `main`: SwiftPM names the executable's entry point itself, so
// libFuzzer's `main` cannot be the program's.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

@main
struct FormcFuzz {
    static func main() {
        _ = fuzzTarget  // an unknown target is refused before any input is read
        #if FORMC_LIBFUZZER
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
        #else
        // Without libFuzzer: run each file given, as a reproducer.
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                complain("cannot read \(path)")
                exit(2)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while case let n = fread(&buffer, 1, buffer.count, file), n > 0 { bytes += buffer[0..<n] }
            fclose(file)
            FuzzTargets.run(fuzzTarget, bytes)
            print("formc-fuzz: \(fuzzTarget.rawValue) ran \(path) (\(bytes.count) bytes)")
        }
        #endif
    }
}
