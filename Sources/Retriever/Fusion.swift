/// How hybrid retrieval merges the dense and BM25 candidate lists.
public enum Fusion: String, Sendable, CaseIterable {
    /// Min-max rescaled scores, averaged (`ScoreFusion`).
    case scores
    /// Reciprocal rank fusion (`ReciprocalRankFusion`), ranks only.
    case rrf

    /// `lists` fused; `rrfK` is reciprocal rank fusion's k.
    public func fuse<ID: Hashable>(_ lists: [[(id: ID, score: Float)]], rrfK: Double = ReciprocalRankFusion.defaultK) -> [(id: ID, score: Double)] {
        switch self {
        case .scores: ScoreFusion.fuse(lists)
        case .rrf: ReciprocalRankFusion.fuse(lists.map { $0.map(\.id) }, k: rrfK)
        }
    }
}

/// The ordering both fusions end with.
enum FusedRanking {
    /// `order` (first appearances) by score, best first, ties in order of first appearance.
    static func sorted<ID: Hashable>(_ order: [ID], by scores: [ID: Double]) -> [(id: ID, score: Double)] {
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { ($0, scores[$0]!) }.sorted { $0.score != $1.score ? $0.score > $1.score : position[$0.id]! < position[$1.id]! }
    }
}
