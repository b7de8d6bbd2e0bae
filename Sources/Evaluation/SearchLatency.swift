import Dispatch
import Foundation
import LLM
public import VectorIndex

/// `bench/search`'s in-process half: how long the store's search takes on a temporary store of
/// synthetic vectors, unit vectors in random directions (seeded, so every run and the reference
/// run see the same ones).
public struct SearchLatency {
    public var vectors = 100_000
    public var queries = 1000
    public var k = 10
    public var kind = IndexKind.flat
    /// Also writes the vectors and queries as raw float32 files with this prefix, for a reference run.
    public var dump: String?

    public static let dimension = 384

    public struct Result: Sendable {
        public let buildSeconds: Double
        /// Each timed query's latency in milliseconds, after 20 untimed ones.
        public let latenciesMs: [Double]
    }

    public init() {}

    public func run() throws -> Result {
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
        try store.commit(Self.synthetic(data), lock: lock)
        let buildSeconds = Date().timeIntervalSince(buildStart)

        for probe in probes.prefix(20) { _ = try store.search(probe, k: k) }  // warm-up
        var latencies: [Double] = []
        for probe in probes {
            let start = DispatchTime.now().uptimeNanoseconds
            let hits = try store.search(probe, k: k)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            precondition(hits.count == k)
        }
        return Result(buildSeconds: buildSeconds, latenciesMs: latencies)
    }

    /// `vectors` as chunks of documents of a thousand chunks each.
    private static func synthetic(_ vectors: [[Float]]) -> StoreChanges {
        var changes = StoreChanges()
        changes.documents = stride(from: 0, to: vectors.count, by: 1000).map { start in
            DocumentContent(
                document: StoredDocument(
                    path: "/synthetic/\(start).md", sha256: "\(start)", modified: 0, size: 0, title: "synthetic", format: "markdown", ingestedAt: 0),
                chunks: (start..<min(start + 1000, vectors.count)).map { i in
                    (
                        StoredChunk(
                            ordinal: i - start, heading: "", lineStart: 1, lineEnd: 1, text: "synthetic chunk \(i)", overlap: 0, tokenCount: 5,
                            textHash: "\(i)"),
                        vectors[i]
                    )
                })
        }
        return changes
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
