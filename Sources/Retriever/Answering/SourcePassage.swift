import VectorIndex

/// A stretch of one note that the answer may draw on: one retrieved chunk, or several adjacent ones
/// of the same document merged, so the prompt never repeats their overlap.
public struct SourcePassage: Sendable {
    public var chunkIDs: [Int64]
    public var path: String
    public var heading: String
    public var lineStart: Int
    public var lineEnd: Int
    /// Pages (1-based) in a paged format such as PDF.
    public var pageStart: Int?
    public var pageEnd: Int?
    public var text: String
    /// The retrieval score of its best chunk.
    public var score: Double
    /// The best (smallest, 1-based) retrieval rank among its chunks: passages are ordered by it.
    public var rank: Int
    /// The best chunk's cosine similarity to the question, when it was a dense candidate.
    public var similarity: Float?
    /// Whether it starts where its section starts (its first chunk's `opensSection`).
    public var opensSection: Bool

    init(_ passage: RetrievedPassage, rank: Int) {
        let chunk = passage.hit.chunk
        chunkIDs = [chunk.id]
        path = passage.hit.path
        heading = chunk.heading
        lineStart = passage.hit.lineStart
        lineEnd = chunk.lineEnd
        (pageStart, pageEnd) = (chunk.pageStart, chunk.pageEnd)
        text = passage.hit.text
        score = passage.score
        self.rank = rank
        similarity = passage.denseScore
        opensSection = chunk.opensSection
    }

    /// Retrieved chunks as passages, best first: chunks of one section that follow each other
    /// (by position in the document) become one passage, which its heading names truly; a text
    /// seen before is left out.
    public static func merging(_ retrieved: [RetrievedPassage]) -> [SourcePassage] {
        var byDocument: [Int64: [(chunk: StoredChunk, passage: SourcePassage)]] = [:]
        var seenTexts: Set<String> = []
        for (index, passage) in retrieved.enumerated() where seenTexts.insert(passage.hit.chunk.textHash).inserted {
            byDocument[passage.hit.chunk.documentId, default: []].append((passage.hit.chunk, SourcePassage(passage, rank: index + 1)))
        }
        var merged: [SourcePassage] = []
        for chunks in byDocument.values {
            let ordered = chunks.sorted { $0.chunk.ordinal < $1.chunk.ordinal }
            var current = ordered[0].passage
            var lastOrdinal = ordered[0].chunk.ordinal
            for (chunk, passage) in ordered.dropFirst() {
                if chunk.ordinal == lastOrdinal + 1, chunk.heading == current.heading {
                    current.append(chunk, passage)
                } else {
                    merged.append(current)
                    current = passage
                }
                lastOrdinal = chunk.ordinal
            }
            merged.append(current)
        }
        return merged.sorted { $0.rank < $1.rank }
    }

    /// Joins the chunk that follows this passage in its document: its leading overlap repeats this
    /// passage's end, so that end is replaced by the whole of the next chunk.
    private mutating func append(_ next: StoredChunk, _ passage: SourcePassage) {
        let repeated = next.text.prefix(next.overlap).trimmingTrailingWhitespace
        if !repeated.isEmpty, text.hasSuffix(repeated) {
            text = text.dropLast(repeated.count) + next.text
        } else {
            text += "\n" + next.text.dropFirst(next.overlap)
        }
        chunkIDs.append(next.id)
        lineEnd = max(lineEnd, next.lineEnd)
        lineStart = min(lineStart, next.lineStart)
        (pageStart, pageEnd) = pageRange((pageStart, pageEnd), (next.pageStart, next.pageEnd))
        if passage.rank < rank {
            rank = passage.rank
            score = passage.score
        }
        similarity = [similarity, passage.similarity].compactMap { $0 }.max()
    }
}
