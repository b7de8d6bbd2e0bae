/// Everything one commit does to a store; applied atomically (SQLite and FAISS together) or not at all.
public struct StoreChanges: Sendable {
    /// Documents to delete with their chunks and vectors, by id.
    public var removals: [Int64] = []
    /// Documents that moved: same content, new path. Their chunks and vectors stay.
    public var renames: [Rename] = []
    /// Documents to add, or to put in place of a stored one (whose chunks all go).
    public var documents: [DocumentContent] = []

    public init() {}

    public var isEmpty: Bool { removals.isEmpty && renames.isEmpty && documents.isEmpty }
}

public struct Rename: Sendable {
    public var id: Int64
    public var path: String
    public var modified: Double

    public init(id: Int64, path: String, modified: Double) {
        self.id = id
        self.path = path
        self.modified = modified
    }
}

/// A document with all its chunks and their embeddings, new or `replacing` the stored document of that id.
public struct DocumentContent: Sendable {
    public var document: NewDocument
    public var replacing: Int64?
    public var chunks: [(chunk: NewChunk, vector: [Float])]

    public init(document: NewDocument, replacing: Int64? = nil, chunks: [(chunk: NewChunk, vector: [Float])]) {
        (self.document, self.replacing, self.chunks) = (document, replacing, chunks)
    }
}
