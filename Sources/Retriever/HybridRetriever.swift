public import LLM
public import VectorIndex

/// How passages are found: by meaning (dense vectors), by words (BM25), or both fused.
public enum RetrievalMode: String, Sendable, CaseIterable {
    case hybrid, dense, bm25
}

/// A retrieved passage with how each retriever ranked it, for `--explain`.
public struct RetrievedPassage: Sendable {
    public let hit: SearchHit
    /// 1-based ranks and scores in each candidate list, nil where the passage was not a candidate.
    public let denseRank: Int?
    public let denseScore: Float?
    public let keywordRank: Int?
    public let keywordScore: Float?
    /// The score the results are ordered by: fused for hybrid, else the single retriever's.
    public let score: Double
    /// The second stage's score, when it ranked the passage (see `AnswerRanker`).
    public var answerScore: Double?
}

/// Dense (FAISS) and BM25 (FTS5) candidates, each about `candidates` long, fused (by default by
/// their rescaled scores; see `ScoreFusion`).
public struct HybridRetriever: Sendable {
    public let store: Store
    public let embedder: Embedder
    public var candidates = 50
    public var fusion = Fusion.scores
    public var fusionK = ReciprocalRankFusion.defaultK

    public init(store: Store, embedder: Embedder) {
        self.store = store
        self.embedder = embedder
    }

    /// Candidates by meaning: chunk ids and cosine similarity, best first.
    public func denseCandidates(_ query: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        try denseCandidates(vector: embedder.embed([query])[0], limit: limit)
    }

    public func denseCandidates(vector: [Float], limit: Int) throws -> [(id: Int64, score: Float)] {
        try store.nearest(vector, k: limit)
    }

    /// Candidates by words: chunk ids and BM25 score, best first; none for a query without words.
    public func keywordCandidates(_ query: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        try store.keywordSearch(KeywordQuery.fts(query), limit: limit)
    }

    /// One ranking from the two candidate lists (of chunks, or of documents ranked by their best
    /// chunk), as `mode` asks: one list alone, or both fused.
    public func ranking<ID: Hashable>(dense: [(id: ID, score: Float)], keyword: [(id: ID, score: Float)], mode: RetrievalMode) -> [(id: ID, score: Double)] {
        switch mode {
        case .dense: dense.map { ($0.id, Double($0.score)) }
        case .bm25: keyword.map { ($0.id, Double($0.score)) }
        case .hybrid: fusion.fuse([dense, keyword], rrfK: fusionK)
        }
    }

    /// The best `k` passages for `query`; `vector` is its embedding when the caller already has it.
    public func search(_ query: String, vector: [Float]? = nil, k: Int, mode: RetrievalMode = .hybrid) throws -> [RetrievedPassage] {
        let dense = mode == .bm25 ? [] : try denseCandidates(vector: vector ?? embedder.embed([query])[0], limit: max(candidates, k))
        let keyword = mode == .dense ? [] : try keywordCandidates(query, limit: max(candidates, k))
        let top = Array(ranking(dense: dense, keyword: keyword, mode: mode).prefix(k))
        let denseRanks = Dictionary(uniqueKeysWithValues: dense.enumerated().map { ($1.id, ($0 + 1, $1.score)) })
        let keywordRanks = Dictionary(uniqueKeysWithValues: keyword.enumerated().map { ($1.id, ($0 + 1, $1.score)) })
        let hits = try store.hits(top.map { ($0.id, Float($0.score)) })
        let scores = Dictionary(uniqueKeysWithValues: top.map { ($0.id, $0.score) })
        return hits.map { hit in
            let id = hit.chunk.id!
            return RetrievedPassage(
                hit: hit, denseRank: denseRanks[id]?.0, denseScore: denseRanks[id]?.1, keywordRank: keywordRanks[id]?.0,
                keywordScore: keywordRanks[id]?.1, score: scores[id]!)
        }
    }
}
