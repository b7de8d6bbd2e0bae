import VectorIndex

/// What `rag chunks --json` prints: how a file is read and cut, before anything is stored.
public struct ChunksReport: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public let ordinal: Int
        public let heading: String
        public let headingPath: [String]
        public let lineStart: Int
        public let lineEnd: Int
        public let pageStart: Int?
        public let pageEnd: Int?
        /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
        public let place: String?
        public let tokens: Int
        public let overlap: Int
        public let text: String
    }

    public let path: String
    public let title: String
    public let format: String
    public let warning: String?
    public let chunks: [Entry]

    public init(document: Document, chunks: [Chunk], warning: String?) {
        path = document.path
        title = document.title
        format = document.format.rawValue
        self.warning = warning
        self.chunks = chunks.enumerated().map { i, chunk in
            Entry(
                ordinal: i + 1, heading: chunk.headingPath.joined(separator: " › "), headingPath: chunk.headingPath,
                lineStart: chunk.lineStart, lineEnd: chunk.lineEnd, pageStart: chunk.pageStart, pageEnd: chunk.pageEnd,
                place: Place.pages(chunk.pageStart, chunk.pageEnd, path: document.path), tokens: chunk.tokenCount, overlap: chunk.overlap,
                text: chunk.text)
        }
    }
}
