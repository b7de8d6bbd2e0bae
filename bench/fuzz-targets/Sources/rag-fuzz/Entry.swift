import CLibFuzzer
import Foundation

/// The target `RAG_FUZZ` names, found once.
nonisolated(unsafe) let target: Target = {
    let name = ProcessInfo.processInfo.environment["RAG_FUZZ"] ?? ""
    guard let target = Target(rawValue: name) else {
        fatalError("set RAG_FUZZ to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(name)\")")
    }
    return target
}()

/// Hands the command line to libFuzzer, which calls back with one input at a time.
@main enum Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(
            LLVMFuzzerRunDriver(&argc, &argv) { data, count in
                target.run(count == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: count)))
                return 0
            })
    }
}

/// The callback libFuzzer's own `main` object needs in order to link: with lld, -sanitize=fuzzer
/// pulls that object in too. `Fuzz.main` is still what runs (SwiftPM's `main` points at it).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    target.run(count == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
