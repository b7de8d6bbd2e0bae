/// What `rag inspect chunk --json` prints and `GET /v1/chunks/ID` answers.
public struct ChunkReport: Encodable, Sendable {
    public let chunkId: Int64
    public let path: String
    public let ordinal: Int
    public let heading: String
    public let lineStart: Int
    public let lineEnd: Int
    public let pageStart: Int?
    public let pageEnd: Int?
    /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
    public let place: String?
    public let tokens: Int
    public let overlap: Int
    public let text: String

    public init(chunk: StoredChunk, path: String) {
        chunkId = chunk.id
        self.path = path
        ordinal = chunk.ordinal
        heading = chunk.heading
        lineStart = chunk.lineStart
        lineEnd = chunk.lineEnd
        (pageStart, pageEnd) = (chunk.pageStart, chunk.pageEnd)
        place = Place.pages(chunk.pageStart, chunk.pageEnd, path: path)
        tokens = chunk.tokenCount
        overlap = chunk.overlap
        text = chunk.text
    }
}

/// `rag inspect doc --json`.
public struct DocumentReport: Encodable, Sendable {
    public let path: String
    public let title: String
    public let format: String
    public let sha256: String
    public let size: Int
    public let modified: Double
    public let ingestedAt: Double
    public let chunks: [ChunkReport]

    public init(document: StoredDocument, chunks: [StoredChunk]) {
        path = document.path
        title = document.title
        format = document.format
        sha256 = document.sha256
        size = document.size
        modified = document.modified
        ingestedAt = document.ingestedAt
        self.chunks = chunks.map { ChunkReport(chunk: $0, path: document.path) }
    }
}
