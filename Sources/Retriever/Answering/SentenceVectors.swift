import LLM

/// The embeddings of sentences, each embedded once per question: ranking the candidates and
/// focusing the passages look at the same sentences.
final class SentenceVectors {
    let embedder: Embedder
    private var known: [String: [Float]] = [:]

    init(embedder: Embedder) {
        self.embedder = embedder
    }

    /// The embedding of each text, in order; only the ones not seen before go through the embedder.
    func vectors(_ texts: [String]) -> [[Float]] {
        var seen: Set<String> = []
        let unseen = texts.filter { known[$0] == nil && seen.insert($0).inserted }
        for (text, vector) in zip(unseen, embedder.embed(unseen)) { known[text] = vector }
        return texts.map { known[$0]! }
    }
}
