public import Retriever

/// `rag eval beir`: BEIR's measures on a corpus stored one document per record (see `BEIRCorpus`).
/// Documents are ranked by their best chunk; hybrid fuses the dense and BM25 document rankings,
/// and a ranker, when given, ranks hybrid's first `rerankDepth` documents again as `rag ask` ranks
/// passages.
public struct BEIREvaluation {
    public let retriever: HybridRetriever
    public var mode = RetrievalMode.hybrid
    /// Used with hybrid only.
    public var ranker: AnswerRanker?

    /// Documents the second stage ranks again: the ones nDCG@10 and MRR@10 can see, and some below.
    public static let rerankDepth = 20
    /// Chunks fetched per retriever: 300 give 100 documents even when long ones split.
    static let chunkDepth = 300

    public init(retriever: HybridRetriever) {
        self.retriever = retriever
    }

    /// The measures averaged over the judged queries that `queries` holds.
    public func run(
        queries: [String: String], judgements: [String: [String: Int]], progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> BEIRReport {
        let evaluated = judgements.keys.filter { queries[$0] != nil }.sorted()
        let texts = evaluated.map { queries[$0]! }
        let vectors = mode == .bm25 ? [] : retriever.embedder.embed(texts)
        let ranker = mode == .hybrid ? ranker : nil
        var documents = DocumentRanking(store: retriever.store)
        var totals = BEIRReport.Totals()
        for (i, id) in evaluated.enumerated() {
            documents.startQuery()
            let dense = mode == .bm25 ? [] : try documents.rank(retriever.denseCandidates(vector: vectors[i], limit: Self.chunkDepth))
            let words = mode == .dense ? [] : try documents.rank(retriever.keywordCandidates(texts[i], limit: Self.chunkDepth))
            var ranked = retriever.ranking(dense: Array(dense.prefix(100)), keyword: Array(words.prefix(100)), mode: mode)
            if let ranker { ranked = try rankAgain(ranked, by: ranker, documents: documents, query: texts[i], vector: vectors[i]) }
            totals.add(ranked.map(\.id), judgements[id]!)
            progress(i + 1, evaluated.count)
        }
        return BEIRReport(
            totals, mode: mode.rawValue + (ranker == nil ? "" : " + answer ranking"), fusion: mode == .hybrid ? retriever.fusion.rawValue : nil,
            reranked: ranker != nil)
    }

    /// The first documents again, each by its best chunk's answer score, as `rag ask` ranks passages.
    private func rankAgain(
        _ fused: [(id: String, score: Double)], by ranker: AnswerRanker, documents: DocumentRanking, query: String, vector: [Float]
    ) throws -> [(id: String, score: Double)] {
        let top = Array(fused.prefix(Self.rerankDepth))
        let chunks = try documents.bestChunks(of: top.map(\.id))
        let scores = ranker.answerScores(top.map { (chunks[$0.id]!.text, chunks[$0.id]!.heading, chunks[$0.id]!.opensSection, $0.score) }, question: query, vector: vector)
        let reordered = zip(top, scores).enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }
        return reordered.map { ($0.element.0.id, $0.element.1) } + fused.dropFirst(Self.rerankDepth)
    }
}
