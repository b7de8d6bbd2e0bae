import VectorIndex

/// What `rag search --json` prints and `GET /v1/search` answers.
public struct SearchReport: Encodable, Sendable {
    public struct Result: Encodable, Sendable {
        public let rank: Int
        public let chunkId: Int64
        public let path: String
        public let heading: String
        public let lineStart: Int
        public let lineEnd: Int
        /// Pages (1-based) in a paged format such as PDF; absent otherwise.
        public let pageStart: Int?
        public let pageEnd: Int?
        /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
        public let place: String?
        public let score: Double
        public let text: String
        public let explain: Explanation?
    }

    /// Each retriever's 1-based rank and score (nil where the passage was not its candidate).
    public struct Explanation: Encodable, Sendable {
        public let denseRank: Int?
        public let denseScore: Float?
        public let bm25Rank: Int?
        public let bm25Score: Float?
        public let fusedScore: Double
        /// The second stage's score (first-stage score plus the best sentence's), when it ranked the passage.
        public let answerScore: Double?
    }

    public let query: String
    public let mode: String
    public let results: [Result]

    public init(query: String, mode: String, passages: [RetrievedPassage], explain: Bool) {
        self.query = query
        self.mode = mode
        results = passages.enumerated().map { i, passage in
            let hit = passage.hit
            return Result(
                rank: i + 1, chunkId: hit.chunk.id, path: hit.path, heading: hit.chunk.heading,
                lineStart: hit.lineStart, lineEnd: hit.chunk.lineEnd, pageStart: hit.chunk.pageStart, pageEnd: hit.chunk.pageEnd,
                place: Place.pages(hit.chunk.pageStart, hit.chunk.pageEnd, path: hit.path),
                score: passage.rankingScore, text: hit.text,
                explain: explain
                    ? Explanation(
                        denseRank: passage.denseRank, denseScore: passage.denseScore, bm25Rank: passage.keywordRank,
                        bm25Score: passage.keywordScore, fusedScore: passage.score, answerScore: passage.answerScore)
                    : nil)
        }
    }
}
