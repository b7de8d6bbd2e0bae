/// The FAISS index types a store can use; all keep chunk ids through an IDMap2 and score by inner
/// product (cosine, since the vectors are L2-normalised).
public enum IndexKind: String, Sendable, CaseIterable {
    /// Exact search over every vector: the default, and right up to a few hundred thousand chunks.
    case flat
    /// HNSW graph (32 links a node): approximate, fast at any size, but FAISS cannot delete from
    /// it, so every removal rebuilds it from the stored vectors.
    case hnsw
    /// Inverted lists over about 4·√N clusters trained on the stored vectors: approximate, small.
    case ivf

    /// The FAISS factory string for an index that will hold `count` vectors.
    func factory(count: Int) -> String {
        switch self {
        case .flat: "IDMap2,Flat"
        case .hnsw: "IDMap2,HNSW32"
        case .ivf: "IDMap2,IVF\(Self.clusters(count: count)),Flat"
        }
    }

    var supportsRemoval: Bool { self != .hnsw }

    /// The search-time parameter that trades speed for recall, with a default that keeps recall@10
    /// high: HNSW's efSearch (FAISS's own default of 16 misses too much), IVF's nprobe.
    public var searchParameter: (name: String, defaultValue: Int)? {
        switch self {
        case .flat: nil
        case .hnsw: ("efSearch", 64)
        case .ivf: ("nprobe", 16)
        }
    }

    /// 4·√N clusters, but never so many that a cluster gets fewer than ~39 training vectors (FAISS's rule of thumb).
    static func clusters(count: Int) -> Int {
        max(1, min(Int(4 * Double(count).squareRoot()), count / 39))
    }
}
