#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes text to standard error (unbuffered, no shared `FILE`).
func writeError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

#if FUZZING
/// The target selected by `LOGHUNT_FUZZ_TARGET`, read once.
private let selectedTarget: String = getenv("LOGHUNT_FUZZ_TARGET").map { String(cString: $0) } ?? ""

/// libFuzzer's entry point: one input through the target named by `LOGHUNT_FUZZ_TARGET`;
/// a broken invariant aborts so libFuzzer saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    guard let problems = fuzzOne(target: selectedTarget, data: bytes) else {
        writeError("loghunt-fuzz: set LOGHUNT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))\n")
        exit(2)
    }
    if !problems.isEmpty {
        writeError("loghunt-fuzz: \(selectedTarget): \(problems.joined(separator: "; "))\n")
        abort()
    }
    return 0
}

/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`),
/// exported by the fuzzer runtime that `-sanitize=fuzzer` links. SwiftPM points `main` at the
/// module's `@main` entry, so libFuzzer's own `main` is not used; ours hands over to the driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The libFuzzer build's entry point: libFuzzer's command line (`-max_len=…`, corpus dirs).
@main
struct LogHuntFuzzMain {
    /// Runs libFuzzer with this process's arguments.
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(llvmFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
    }
}
#else
/// `loghunt-fuzz TARGET FILE|DIR…`: replays inputs through a target (CI smoke, crash files).
@main
struct LogHuntFuzzMain {
    /// Replays the inputs named on the command line; exits 1 when an input broke an invariant.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            writeError(
                "usage: loghunt-fuzz TARGET FILE|DIR...  (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))\n"
            )
            exit(2)
        }
        var passed = 0
        var failed = 0
        for path in arguments.dropFirst() {
            for file in ReplayFiles.list(path) {
                guard let bytes = ReplayFiles.read(file) else {
                    writeError("\(file): unreadable\n")
                    failed += 1
                    continue
                }
                let problems = target.run(bytes)
                if problems.isEmpty {
                    passed += 1
                } else {
                    failed += 1
                    print("FAIL \(target.rawValue) \(file): \(problems.joined(separator: "; "))")
                }
            }
        }
        print("\(target.rawValue): \(passed) passed, \(failed) failed")
        exit(failed == 0 ? 0 : 1)
    }
}
#endif
