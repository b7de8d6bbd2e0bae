import VectorIndex

/// Chunk candidates as BEIR documents: each document ranked where its best chunk is, and that
/// chunk remembered for the second stage. Chunk paths are looked up once per evaluation.
struct DocumentRanking {
    let store: Store
    private var paths: [Int64: String] = [:]
    /// The query's best chunk of each document seen, the first of the candidate lists to rank it.
    private var bestChunk: [String: Int64] = [:]

    init(store: Store) {
        self.store = store
    }

    mutating func startQuery() {
        bestChunk = [:]
    }

    /// Documents in the order of their first chunk among `candidates`, with that chunk's score.
    mutating func rank(_ candidates: [(id: Int64, score: Float)]) throws -> [(id: String, score: Float)] {
        let unknown = candidates.map(\.id).filter { paths[$0] == nil }
        for hit in try store.hits(unknown.map { ($0, 0) }) { paths[hit.chunk.id] = hit.path }
        var seen: Set<String> = []
        var ranked: [(id: String, score: Float)] = []
        for chunk in candidates {
            guard let path = paths[chunk.id] else { continue }
            let document = BEIRCorpus.corpusID(ofPath: path)
            if bestChunk[document] == nil { bestChunk[document] = chunk.id }
            if seen.insert(document).inserted { ranked.append((document, chunk.score)) }
        }
        return ranked
    }

    /// The best chunk of each of `documents`, which `rank` has seen for this query.
    func bestChunks(of documents: [String]) throws -> [String: StoredChunk] {
        let hits = try store.hits(documents.map { (bestChunk[$0]!, 0) })
        return Dictionary(uniqueKeysWithValues: hits.map { (BEIRCorpus.corpusID(ofPath: $0.path), $0.chunk) })
    }
}
