public import LLM

/// The second stage of retrieval: candidates ordered by how well their best sentence answers the
/// question (`AnswerScore`) added to their first-stage score. Retrieval's first place is often a
/// passage that shares the question's words without answering it — a code block beside the
/// paragraph that explains it, a quiz question that repeats the question — and the answer is
/// copied from the first place.
///
/// On corpora/qa.jsonl it lifts hit@1 from 0.823 to 0.924 (tune half 0.800 → 0.975, held-out
/// half 0.846 → 0.872); equal weights for the two scores measured best on the tune half and the
/// order is the same from 3 to 20 candidates (docs/RETRIEVAL.md).
public struct AnswerRanker {
    let vectors: SentenceVectors

    public init(embedder: Embedder) {
        vectors = SentenceVectors(embedder: embedder)
    }

    init(vectors: SentenceVectors) {
        self.vectors = vectors
    }

    /// How many of the first stage's results `search` ranks again. The first ten hold what
    /// `rag ask` draws on; ranking more would embed more sentences for places nobody reads.
    public static let searchDepth = 10

    /// Both stages, as `rag search`, `GET /v1/search` and the MCP tool use them: the first stage's
    /// first `searchDepth` passages ranked again by how well they answer `query`, the rest after
    /// them in first-stage order, so the first `k` are the first `k` of any longer search.
    public func search(_ query: String, with retriever: HybridRetriever, vector: [Float]? = nil, k: Int, mode: RetrievalMode) throws -> [RetrievedPassage] {
        let vector = vector ?? retriever.embedder.embed([query])[0]
        let first = try retriever.search(query, vector: vector, k: max(k, Self.searchDepth), mode: mode)
        let ranked = rank(Array(first.prefix(Self.searchDepth)), question: query, vector: vector) + first.dropFirst(Self.searchDepth)
        return Array(ranked.prefix(k))
    }

    /// `candidates` (first-stage order) best first for the question embedded as `vector`.
    public func rank(_ candidates: [RetrievedPassage], question: String, vector: [Float]) -> [RetrievedPassage] {
        let scores = answerScores(
            candidates.map { ($0.hit.text, $0.hit.chunk.heading, $0.hit.chunk.opensSection, $0.score) }, question: question, vector: vector)
        var ranked = candidates
        for index in ranked.indices { ranked[index].answerScore = scores[index] }
        return ranked.enumerated().sorted { ($0.element.answerScore!, -$0.offset) > ($1.element.answerScore!, -$1.offset) }.map(\.element)
    }

    /// Each candidate's first-stage `score` plus its best sentence's `AnswerScore`, in the given order;
    /// `opensSection`: the candidate is the first chunk of its section. The opening of the section
    /// about the term of a "What is X?" question gains `DefinitionQuestion.sectionBonus` besides.
    public func answerScores(
        _ candidates: [(text: String, heading: String, opensSection: Bool, score: Double)], question: String, vector: [Float]
    ) -> [Double] {
        let scorer = AnswerScore(question: question, vector: vector)
        let sentences = candidates.map { Sentences.split($0.text) }
        var next = vectors.vectors(sentences.flatMap { $0 }).makeIterator()
        return zip(candidates, sentences).map { candidate, sentences in
            let heading = ContentWords(candidate.heading)
            let tasks = AnswerScore.setsTasks(candidate.heading)
            let defining = scorer.definingPosition(in: sentences, heading: candidate.heading, opensSection: candidate.opensSection)
            let best = sentences.enumerated().map { position, sentence in
                scorer.score(of: sentence, words: ContentWords(sentence), vector: next.next()!, heading: heading, opensDefinition: position == defining, setsTasks: tasks)
            }.max()
            return candidate.score + (best ?? 0) + (defining == nil ? 0 : DefinitionQuestion.sectionBonus)
        }
    }
}
