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

    /// Vectors from which a store whose index is chosen by size searches with HNSW: flat search
    /// takes about 0.2 ms per thousand vectors on two cores, so beyond this it misses the 10 ms
    /// floor (docs/PERFORMANCE.md).
    public static let hnswFrom = 40_000

    /// The kind for `count` vectors in a store that chooses by size: flat while exact search is
    /// fast enough, HNSW beyond. Back to flat only below three quarters of `hnswFrom`, so that
    /// edits near the line do not rebuild the index back and forth.
    static func bySize(count: Int, now current: IndexKind) -> IndexKind {
        count >= hnswFrom || (current == .hnsw && count >= hnswFrom * 3 / 4) ? .hnsw : .flat
    }

    var supportsRemoval: Bool { self != .hnsw }

    /// The search-time parameter that trades speed for recall, with a default that keeps recall@10
    /// high: HNSW's efSearch (FAISS's own default of 16 misses too much: on SciFact-shaped vectors
    /// 512 finds 0.999 of the exact ten at 100,000 in 3.9 ms and 0.969 at 1,000,000 in 3.6 ms,
    /// where 256 finds 0.943; docs/PERFORMANCE.md), IVF's nprobe.
    public var searchParameter: (name: String, defaultValue: Int)? {
        switch self {
        case .flat: nil
        case .hnsw: ("efSearch", 512)
        case .ivf: ("nprobe", 16)
        }
    }

    /// 4·√N clusters, but never so many that a cluster gets fewer than ~39 training vectors (FAISS's rule of thumb).
    static func clusters(count: Int) -> Int {
        max(1, min(Int(4 * Double(count).squareRoot()), count / 39))
    }
}
