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

    /// The score that ordered the passage: the second stage's where it ranked it.
    public var rankingScore: Double { answerScore ?? score }
}

/// Dense (FAISS) and BM25 (FTS5) candidates, each about `candidates` long, fused (by default by
/// their rescaled scores; see `ScoreFusion`).
public struct HybridRetriever: Sendable {
    public let store: Store
    public let embedder: Embedder
    public var candidates = 50
    public var fusion = Fusion.scores
    public var fusionK = ReciprocalRankFusion.defaultK
    /// Where candidates may come from; nil for the whole store.
    public var scope: Scope?
    /// A second query whose candidates are fused with the query's own: a follow-up as it was
    /// asked, searched beside itself completed with the conversation's topic (see `FollowUp`), so
    /// that a question that stood alone after all still finds what it finds alone.
    public var alongside: String?

    public init(store: Store, embedder: Embedder) {
        self.store = store
        self.embedder = embedder
    }

    /// Candidates by meaning: chunk ids and cosine similarity, best first.
    public func denseCandidates(_ query: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        try denseCandidates(vector: embedder.embed([query])[0], limit: limit)
    }

    public func denseCandidates(vector: [Float], limit: Int) throws -> [(id: Int64, score: Float)] {
        guard let scope else { return try store.nearest(vector, k: limit) }
        return try store.nearest(vector, k: limit, in: scope)
    }

    /// Candidates by words: chunk ids and BM25 score, best first; none for a query without words.
    public func keywordCandidates(_ query: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        guard let scope else { return try store.keywordSearch(KeywordQuery.fts(query), limit: limit) }
        return try store.keywordSearch(KeywordQuery.fts(query), limit: limit, in: scope)
    }

    /// One ranking from the candidate lists (of chunks, or of documents ranked by their best
    /// chunk), as `mode` asks: one retriever's lists alone, or all of them fused.
    public func ranking<ID: Hashable>(dense: [(id: ID, score: Float)], keyword: [(id: ID, score: Float)], mode: RetrievalMode) -> [(id: ID, score: Double)] {
        ranking(dense: [dense], keyword: [keyword], mode: mode)
    }

    func ranking<ID: Hashable>(dense: [[(id: ID, score: Float)]], keyword: [[(id: ID, score: Float)]], mode: RetrievalMode) -> [(id: ID, score: Double)] {
        let lists = mode == .dense ? dense : mode == .bm25 ? keyword : dense + keyword
        guard lists.count > 1 else { return lists[0].map { ($0.id, Double($0.score)) } }
        return fusion.fuse(lists, rrfK: fusionK)
    }

    /// The best `k` passages for `query`; `vector` is its embedding when the caller already has it.
    public func search(_ query: String, vector: [Float]? = nil, k: Int, mode: RetrievalMode = .hybrid) throws -> [RetrievedPassage] {
        let limit = max(candidates, k)
        let queries = [(query, vector)] + (alongside.map { [($0, nil)] } ?? [])
        let dense = mode == .bm25 ? [] : try queries.map { try denseCandidates(vector: $0.1 ?? embedder.embed([$0.0])[0], limit: limit) }
        let keyword = mode == .dense ? [] : try queries.map { try keywordCandidates($0.0, limit: limit) }
        let top = Array(ranking(dense: dense, keyword: keyword, mode: mode).prefix(k))
        let denseRanks = Dictionary(uniqueKeysWithValues: (dense.first ?? []).enumerated().map { ($1.id, $0 + 1) })
        // the closest any query came, for the not-in-notes floor
        let similarity = dense.flatMap { $0 }.reduce(into: [Int64: Float]()) { best, candidate in best[candidate.id] = max(best[candidate.id] ?? -1, candidate.score) }
        let keywordRanks = Dictionary(uniqueKeysWithValues: (keyword.first ?? []).enumerated().map { ($1.id, ($0 + 1, $1.score)) })
        let hits = try store.hits(top.map { ($0.id, Float($0.score)) })
        let scores = Dictionary(uniqueKeysWithValues: top.map { ($0.id, $0.score) })
        return hits.map { hit in
            let id = hit.chunk.id!
            return RetrievedPassage(
                hit: hit, denseRank: denseRanks[id], denseScore: similarity[id], keywordRank: keywordRanks[id]?.0,
                keywordScore: keywordRanks[id]?.1, score: scores[id]!)
        }
    }
}
