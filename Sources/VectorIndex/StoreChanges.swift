/// Everything one commit does to a store; applied atomically (SQLite and FAISS together) or not at all.
public struct StoreChanges: Sendable {
    /// Documents to delete with their chunks and vectors, by id.
    public var removals: [Int64] = []
    /// Documents that moved: same content, new path. Their chunks and vectors stay.
    public var renames: [Rename] = []
    /// Documents to add (no id) or to replace (with the id of the stored one, whose chunks all go).
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

/// A document with all its chunks and their embeddings.
public struct DocumentContent: Sendable {
    public var document: StoredDocument
    public var chunks: [(chunk: StoredChunk, vector: [Float])]

    public init(document: StoredDocument, chunks: [(chunk: StoredChunk, vector: [Float])]) {
        self.document = document
        self.chunks = chunks
    }
}
