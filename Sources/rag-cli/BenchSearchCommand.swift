import ArgumentParser
import Evaluation
import Foundation
import LLM
import Retriever
import VectorIndex

/// `bench/search`'s in-process half: search latency of a store holding synthetic vectors.
/// Hidden from help: it measures rag, it does not serve a user's notes.
struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Measure in-process search latency on a temporary store of synthetic vectors.",
        shouldDisplay: false
    )

    @Option(help: "Vectors in the store.") var vectors = 100_000
    @Option(help: "Timed queries.") var queries = 1000
    @Option(help: "Results per query.") var k = 10
    @Option(name: .customLong("index"), help: "flat or hnsw.") var indexKind = "flat"
    @Option(help: "Also write the vectors and queries as raw float32 files with this prefix, for a reference run.")
    var dump: String?

    static let dimension = 384

    func run() throws {
        guard let kind = IndexKind(rawValue: indexKind) else { throw ValidationError("--index takes flat, hnsw or ivf") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(directory: directory, creating: (Self.dimension, kind))
        let lock = try WriteLock(directory: directory, wait: 0)
        var random = SplitMix64(seed: 42)
        let data = (0..<vectors).map { _ in random.unitVector(Self.dimension) }
        let probes = (0..<queries).map { _ in random.unitVector(Self.dimension) }
        if let dump {
            try Data(floats: data.flatMap { $0 }).write(to: URL(fileURLWithPath: dump + ".vectors.f32"))
            try Data(floats: probes.flatMap { $0 }).write(to: URL(fileURLWithPath: dump + ".queries.f32"))
        }

        let buildStart = Date()
        var changes = StoreChanges()
        changes.documents = stride(from: 0, to: vectors, by: 1000).map { start in
            DocumentContent(
                document: StoredDocument(
                    path: "/synthetic/\(start).md", sha256: "\(start)", modified: 0, size: 0, title: "synthetic", format: "markdown",
                    ingestedAt: 0),
                chunks: (start..<min(start + 1000, vectors)).map { i in
                    (
                        StoredChunk(
                            ordinal: i - start, heading: "", lineStart: 1, lineEnd: 1, text: "synthetic chunk \(i)", overlap: 0,
                            tokenCount: 5, textHash: "\(i)"),
                        data[i]
                    )
                })
        }
        try store.commit(changes, lock: lock)
        let buildSeconds = Date().timeIntervalSince(buildStart)

        for probe in probes.prefix(20) { _ = try store.search(probe, k: k) }  // warm-up
        var latencies: [Double] = []
        for probe in probes {
            let start = DispatchTime.now().uptimeNanoseconds
            let hits = try store.search(probe, k: k)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            precondition(hits.count == k)
        }
        try Output.printJSON([
            "index": indexKind, "vectors": "\(vectors)", "queries": "\(queries)", "k": "\(k)",
            "build_s": String(format: "%.2f", buildSeconds),
            "p50_ms": String(format: "%.3f", percentile(latencies, 0.5)), "p99_ms": String(format: "%.3f", percentile(latencies, 0.99)),
        ])
    }
}

extension SplitMix64 {
    /// A random direction: Gaussian components (Box–Muller), normalised.
    mutating func unitVector(_ dimension: Int) -> [Float] {
        let v = (0..<dimension).map { _ -> Float in
            let (u1, u2) = (nextUnit() + 1e-12, nextUnit())
            return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}

extension Data {
    init(floats: [Float]) {
        self = floats.withUnsafeBufferPointer { Data(buffer: $0) }
    }
}
