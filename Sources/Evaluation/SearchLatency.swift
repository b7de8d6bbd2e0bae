import Dispatch
import Foundation
import LLM
public import VectorIndex

/// `bench/search`'s in-process half: how long the store's search takes, and how many of the exact
/// nearest neighbours it finds, on a store of `vectors` synthetic vectors.
///
/// The vectors are shaped like real ones: copies of real chunk embeddings (`seeds`), each jittered
/// by Gaussian noise and renormalised, so that neighbourhoods are as crowded as in real notes.
/// Uniform random directions have no near neighbours, which flatters no index and misleads every
/// one; they remain the fallback when no seeds are given. Everything is seeded, so every run and
/// the reference run see the same vectors.
public struct SearchLatency {
    public var vectors = 100_000
    public var queries = 1000
    public var k = 10
    public var kind = IndexKind.flat
    /// Real embeddings the stored vectors are jittered copies of; nil for random directions.
    public var seeds: [[Float]]?
    /// Real query embeddings, used in turn; nil for jittered seeds (or random directions).
    public var probes: [[Float]]?
    /// The cosine a jittered copy keeps to its seed: 0.9 makes copies of one seed about as alike
    /// (cosine 0.8) as two passages of one topic are.
    public var copyCosine: Float = 0.9
    /// Values of HNSW's efSearch or IVF's nprobe to measure in turn on the one store built; empty
    /// for the store's default.
    public var searchParameters: [Int] = []
    /// Also writes the vectors and queries as raw float32 files with this prefix, for a reference run.
    public var dump: String?
    /// Builds the store here and leaves it, for measuring a real process on it; nil: a temporary folder.
    public var keep: String?

    public static let dimension = 384

    public struct Result: Sendable {
        /// The efSearch or nprobe searched with; nil for the store's default.
        public let searchParameter: Int?
        public let buildSeconds: Double
        /// Each timed query's latency in milliseconds, after 20 untimed ones.
        public let latenciesMs: [Double]
        /// The share of each query's exact k nearest neighbours (by a flat search) that the store's
        /// search returned, averaged over the queries.
        public let recall: Double

        /// The JSON line `bench/search` reads for this result of `bench`.
        public func jsonLine(of bench: SearchLatency) throws -> String {
            let fields = [
                "index": bench.kind.rawValue, "vectors": "\(bench.vectors)", "queries": "\(bench.queries)", "k": "\(bench.k)",
                "search_parameter": searchParameter.map(String.init) ?? "default",
                "build_s": String(format: "%.2f", buildSeconds),
                "p50_ms": String(format: "%.3f", percentile(latenciesMs, 0.5)),
                "p99_ms": String(format: "%.3f", percentile(latenciesMs, 0.99)),
                "recall_at_k": String(format: "%.4f", recall),
            ]
            return String(decoding: try ReportJSON.encode(fields, pretty: false), as: UTF8.self)
        }
    }

    public init() {}

    /// The "embedding" of every line of a JSON Lines file, as `rag embed --jsonl` writes them.
    public static func embeddings(_ path: String) throws -> [[Float]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { number, line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let values = object["embedding"] as? [Double], values.count == dimension
            else { throw BadEmbeddings(description: "\(path):\(number + 1): no \"embedding\" of \(dimension) numbers") }
            return values.map(Float.init)
        }
    }

    public struct BadEmbeddings: Error, CustomStringConvertible {
        public let description: String
    }

    /// One result per search parameter, on one store.
    public func run() throws -> [Result] {
        let directory = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("rag-bench-\(UUID().uuidString)").path
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let store = try Store(directory: directory, creating: (Self.dimension, kind))
        let lock = try WriteLock(directory: directory, wait: 0)
        var random = SplitMix64(seed: 42)
        let data = (0..<vectors).map { _ in next(&random, from: seeds) }
        let probes = (0..<queries).map { i in self.probes.map { $0[i % $0.count] } ?? next(&random, from: seeds) }
        if let dump {
            try Data(floats: data.flatMap { $0 }).write(to: URL(fileURLWithPath: dump + ".vectors.f32"))
            try Data(floats: probes.flatMap { $0 }).write(to: URL(fileURLWithPath: dump + ".queries.f32"))
        }

        let buildStart = Date()
        let ids = try store.commit(Self.synthetic(data), lock: lock)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        let exact = try Self.exactNeighbours(data, ids: ids, probes: probes, k: k)

        return try (searchParameters.isEmpty ? [nil] : searchParameters.map(Optional.some)).map { parameter in
            try store.tune(parameter)
            for probe in probes.prefix(20) { _ = try store.search(probe, k: k) }  // warm-up
            var latencies: [Double] = []
            var found: [[Int64]] = []
            for probe in probes {
                let start = DispatchTime.now().uptimeNanoseconds
                let hits = try store.search(probe, k: k)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                precondition(hits.count == k)
                found.append(hits.compactMap(\.chunk.id))
            }
            let recall = zip(found, exact).reduce(0.0) { $0 + Double(Set($1.0).intersection($1.1).count) / Double(k) } / Double(probes.count)
            return Result(searchParameter: parameter, buildSeconds: buildSeconds, latenciesMs: latencies, recall: recall)
        }
    }

    /// A jittered copy of a random seed, or a random direction without seeds.
    private func next(_ random: inout SplitMix64, from seeds: [[Float]]?) -> [Float] {
        guard let seeds else { return random.unitVector(Self.dimension) }
        let seed = seeds[Int(random.next() % UInt64(seeds.count))]
        // noise of norm √(1/c² − 1) on a unit seed leaves cosine c to it
        let noiseNorm = (1 / (copyCosine * copyCosine) - 1).squareRoot()
        let noise = random.unitVector(Self.dimension)
        return normalised(zip(seed, noise).map { $0 + noiseNorm * $1 })
    }

    /// The ids of each probe's `k` nearest vectors by exact search, in one batched FAISS call.
    private static func exactNeighbours(_ data: [[Float]], ids: [Int64], probes: [[Float]], k: Int) throws -> [[Int64]] {
        let flat = try FaissIndex(factory: "IDMap2,Flat", dimension: dimension)
        try flat.add(data.flatMap { $0 }, ids: ids)
        return try flat.search(batch: probes.flatMap { $0 }, k: k)
    }

    /// `vectors` as chunks of documents of a thousand chunks each.
    private static func synthetic(_ vectors: [[Float]]) -> StoreChanges {
        var changes = StoreChanges()
        changes.documents = stride(from: 0, to: vectors.count, by: 1000).map { start in
            DocumentContent(
                document: NewDocument(
                    path: "/synthetic/\(start).md", sha256: "\(start)", modified: 0, size: 0, title: "synthetic", format: "markdown", ingestedAt: 0),
                chunks: (start..<min(start + 1000, vectors.count)).map { i in
                    (
                        NewChunk(
                            ordinal: i - start, heading: "", lineStart: 1, lineEnd: 1, text: "synthetic chunk \(i)", overlap: 0, tokenCount: 5,
                            textHash: "\(i)"),
                        vectors[i]
                    )
                })
        }
        return changes
    }
}

private func normalised(_ v: [Float]) -> [Float] {
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return v.map { $0 / norm }
}

extension SplitMix64 {
    /// A random direction: Gaussian components (Box–Muller), normalised.
    mutating func unitVector(_ dimension: Int) -> [Float] {
        normalised(
            (0..<dimension).map { _ -> Float in
                let (u1, u2) = (nextUnit() + 1e-12, nextUnit())
                return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
            })
    }
}

extension Data {
    init(floats: [Float]) {
        self = floats.withUnsafeBufferPointer { Data(buffer: $0) }
    }
}
