import ArgumentParser
import Evaluation
import Foundation
import VectorIndex

/// `bench/search`'s in-process half (`SearchLatency`). Hidden from help: it measures rag, it does
/// not serve a user's notes.
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

    func run() throws {
        guard let kind = IndexKind(rawValue: indexKind) else { throw ValidationError("--index takes flat, hnsw or ivf") }
        var bench = SearchLatency()
        (bench.vectors, bench.queries, bench.k, bench.kind, bench.dump) = (vectors, queries, k, kind, dump)
        let result = try bench.run()
        try Output.printJSON([
            "index": indexKind, "vectors": "\(vectors)", "queries": "\(queries)", "k": "\(k)",
            "build_s": String(format: "%.2f", result.buildSeconds),
            "p50_ms": String(format: "%.3f", percentile(result.latenciesMs, 0.5)),
            "p99_ms": String(format: "%.3f", percentile(result.latenciesMs, 0.99)),
        ])
    }
}
