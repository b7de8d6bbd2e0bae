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

    /// `candidates` (first-stage order) best first for the question embedded as `vector`.
    public func rank(_ candidates: [RetrievedPassage], question: String, vector: [Float]) -> [RetrievedPassage] {
        let scorer = AnswerScore(question: question, vector: vector)
        let sentences = candidates.map { Sentences.split($0.hit.chunk.text) }
        let embedded = vectors.vectors(sentences.flatMap { $0 })
        var next = embedded.makeIterator()
        var ranked = candidates
        for index in ranked.indices {
            let heading = ContentWords(ranked[index].hit.chunk.heading)
            let best = sentences[index].map { sentence in
                scorer.score(of: sentence, words: ContentWords(sentence), vector: next.next()!, heading: heading)
            }.max()
            ranked[index].answerScore = ranked[index].score + (best ?? 0)
        }
        return ranked.enumerated().sorted { ($0.element.answerScore!, -$0.offset) > ($1.element.answerScore!, -$1.offset) }.map(\.element)
    }
}
