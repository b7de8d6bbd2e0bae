import Foundation

/// The target `RAG_FUZZ` names, found once.
nonisolated(unsafe) let target: Target = {
    let name = ProcessInfo.processInfo.environment["RAG_FUZZ"] ?? ""
    guard let target = Target(rawValue: name) else {
        fatalError("set RAG_FUZZ to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(name)\")")
    }
    return target
}()

/// libFuzzer's entry point: one input, returned from or crashed on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    target.run(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
