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
    /// The notes the turn before drew on: a follow-up that leans on the conversation is searched
    /// within them too, and passages there are more likely to make its k, since what it asks next
    /// is most often in the same note ("What is LoRA?" → "How many parameters does it add?").
    public var previousNotes: Scope?

    public init(store: Store, embedder: Embedder) {
        self.store = store
        self.embedder = embedder
    }

    /// Candidates by meaning: chunk ids and cosine similarity, best first.
    public func denseCandidates(_ query: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        try denseCandidates(vector: embedder.embed([query])[0], limit: limit)
    }

    /// Candidates by meaning within `scope` (the retriever's own when nil).
    public func denseCandidates(vector: [Float], limit: Int, in scope: Scope? = nil) throws -> [(id: Int64, score: Float)] {
        guard let scope = scope ?? self.scope else { return try store.nearest(vector, k: limit) }
        return try store.nearest(vector, k: limit, in: scope)
    }

    /// Candidates by words: chunk ids and BM25 score, best first; none for a query without words.
    public func keywordCandidates(_ query: String, limit: Int, in scope: Scope? = nil) throws -> [(id: Int64, score: Float)] {
        guard let scope = scope ?? self.scope else { return try store.keywordSearch(KeywordQuery.fts(query), limit: limit) }
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
        let vector = vector ?? (mode == .bm25 ? nil : embedder.embed([query])[0])
        func found(_ text: String, _ vector: [Float]?, in scope: Scope? = nil) throws -> (dense: [(id: Int64, score: Float)]?, keyword: [(id: Int64, score: Float)]?) {
            (
                mode == .bm25 ? nil : try denseCandidates(vector: vector ?? embedder.embed([text])[0], limit: limit, in: scope),
                mode == .dense ? nil : try keywordCandidates(text, limit: limit, in: scope)
            )
        }
        let lists = try [found(query, vector)] + (alongside.map { [try found($0, nil)] } ?? [])
        let (dense, keyword) = (lists.compactMap(\.dense), lists.compactMap(\.keyword))
        let fused = ranking(dense: dense, keyword: keyword, mode: mode)
        var top = Array(fused.prefix(k))
        if let definition = DefinitionQuestion(query) { top = try withSectionOpenings(titledBy: definition, top: top, candidates: fused) }
        if let previousNotes {
            // The notes the last answer cited, searched as lists of their own, choose which
            // passages make the k; the chosen keep the scores the query alone gives them, so the
            // order among them, and the second stage's weighing of it, stay the question's. Fusing
            // their lists into the scores instead lifted hit@5 as much but lowered hit@1
            // (docs/RETRIEVAL.md "Follow-up questions").
            let within = try found(query, vector, in: previousNotes)
            let plain = Dictionary(uniqueKeysWithValues: fused.map { ($0.id, $0.score) })
            let chosen = ranking(dense: dense + [within.dense].compactMap { $0 }, keyword: keyword + [within.keyword].compactMap { $0 }, mode: mode).prefix(k)
            top = chosen.enumerated().map { (order: $0, id: $1.id, score: plain[$1.id] ?? 0) }.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }.map { ($0.id, $0.score) }
        }
        let denseRanks = Dictionary(uniqueKeysWithValues: (dense.first ?? []).enumerated().map { ($1.id, $0 + 1) })
        // the closest any query came, for the not-in-notes floor
        let similarity = dense.flatMap { $0 }.reduce(into: [Int64: Float]()) { best, candidate in best[candidate.id] = max(best[candidate.id] ?? -1, candidate.score) }
        let keywordRanks = Dictionary(uniqueKeysWithValues: (keyword.first ?? []).enumerated().map { ($1.id, ($0 + 1, $1.score)) })
        let hits = try store.hits(top.map { ($0.id, Float($0.score)) })
        let scores = Dictionary(uniqueKeysWithValues: top.map { ($0.id, $0.score) })
        return hits.map { hit in
            let id = hit.chunk.id
            return RetrievedPassage(
                hit: hit, denseRank: denseRanks[id], denseScore: similarity[id], keywordRank: keywordRanks[id]?.0,
                keywordScore: keywordRanks[id]?.1, score: scores[id]!)
        }
    }

    /// A "What is X?" question's passages hold the opening of each section titled X among the
    /// candidates (see `DefinitionQuestion`), in place of the last: notes define a term where they
    /// open its section, and passages that use the term outrank it ("What is LoRA?" found the
    /// opening of "LoRA (Hu et al., 2021)" ninth). At most half the passages are given up.
    private func withSectionOpenings(
        titledBy definition: DefinitionQuestion, top: [(id: Int64, score: Double)], candidates: [(id: Int64, score: Double)]
    ) throws -> [(id: Int64, score: Double)] {
        let rest = candidates.dropFirst(top.count)
        let openings = try store.hits(rest.map { ($0.id, Float($0.score)) })
            .filter { ($0.chunk.opensSection && definition.isTitled(by: $0.chunk.heading)) || definition.isEmphasized(in: $0.chunk.text) }
            .prefix(top.count / 2).map(\.chunk.id)
        guard !openings.isEmpty else { return top }
        return top.dropLast(openings.count) + rest.filter { openings.contains($0.id) }
    }
}
