import ArgumentParser
import Evaluation
import Foundation
import VectorIndex

/// `bench/search`'s in-process half (`SearchLatency`). Hidden from help: it measures rag, it does
/// not serve a user's notes.
struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Measure in-process search latency and recall on a store of synthetic vectors.",
        shouldDisplay: false
    )

    @Option(help: "Vectors in the store.") var vectors = 100_000
    @Option(help: "Timed queries.") var queries = 1000
    @Option(help: "Results per query.") var k = 10
    @Option(name: .customLong("index"), help: "flat, hnsw or ivf.") var indexKind = "flat"
    @Option(help: "JSON Lines of real embeddings (as `rag embed --jsonl` prints) that the vectors are jittered copies of.")
    var seeds: String?
    @Option(help: "JSON Lines of real query embeddings to search with.") var probes: String?
    @Option(help: "Also write the vectors and queries as raw float32 files with this prefix, for a reference run.")
    var dump: String?
    @Option(help: "Build the store in this folder and leave it there.") var keep: String?
    @Option(help: "Values of HNSW's efSearch or IVF's nprobe to measure in turn, comma-separated (default: the store's).")
    var searchParameters: String?

    func run() throws {
        guard let kind = IndexKind(rawValue: indexKind) else { throw ValidationError("--index takes flat, hnsw or ivf") }
        var bench = SearchLatency()
        (bench.vectors, bench.queries, bench.k, bench.kind, bench.dump, bench.keep) = (vectors, queries, k, kind, dump, keep)
        bench.seeds = try seeds.map(SearchLatency.embeddings)
        bench.probes = try probes.map(SearchLatency.embeddings)
        bench.searchParameters =
            try searchParameters.map { list in
                try list.split(separator: ",").map { value in
                    guard let number = Int(value), number > 0 else { throw ValidationError("--search-parameters takes positive whole numbers") }
                    return number
                }
            } ?? []
        // One JSON object per line, one line per search parameter.
        for result in try bench.run() { print(try result.jsonLine(of: bench)) }
    }
}
