import Foundation
import GRDB

/// A notes file as ingest hands it to the store, before it has an id there.
public struct NewDocument: Sendable, Equatable {
    public var path: String
    public var sha256: String
    /// Modification time when ingested, seconds since 1970.
    public var modified: Double
    public var size: Int
    public var title: String
    public var format: String
    public var ingestedAt: Double

    public init(path: String, sha256: String, modified: Double, size: Int, title: String, format: String, ingestedAt: Double) {
        (self.path, self.sha256, self.modified, self.size) = (path, sha256, modified, size)
        (self.title, self.format, self.ingestedAt) = (title, format, ingestedAt)
    }
}

/// A notes file as the store holds it.
public struct StoredDocument: Sendable, Equatable {
    public let id: Int64
    public let path: String
    public let sha256: String
    /// Modification time when ingested, seconds since 1970.
    public let modified: Double
    public let size: Int
    public let title: String
    public let format: String
    public let ingestedAt: Double

    init(row: Row) {
        (id, path, sha256, modified) = (row["id"], row["path"], row["sha256"], row["modified"])
        (size, title, format, ingestedAt) = (row["size"], row["title"], row["format"], row["ingested_at"])
    }
}

/// A chunk as ingest hands it to the store, before it has an id there.
public struct NewChunk: Sendable, Equatable {
    /// Position in the document, from 0.
    public var ordinal: Int
    /// The heading path joined with " › ".
    public var heading: String
    public var lineStart: Int
    public var lineEnd: Int
    /// Pages of the chunk's own text (1-based, inclusive) in a paged format such as PDF; nil otherwise.
    public var pageStart: Int?
    public var pageEnd: Int?
    public var text: String
    /// Leading characters of `text` repeated from the chunk before.
    public var overlap: Int
    public var tokenCount: Int
    /// SHA-256 of the embedded text: equal hashes share an embedding, so unchanged chunks are not re-embedded.
    public var textHash: String

    public init(
        ordinal: Int, heading: String, lineStart: Int, lineEnd: Int, pageStart: Int? = nil, pageEnd: Int? = nil, text: String, overlap: Int,
        tokenCount: Int, textHash: String
    ) {
        (self.ordinal, self.heading, self.lineStart, self.lineEnd, self.pageStart, self.pageEnd) = (ordinal, heading, lineStart, lineEnd, pageStart, pageEnd)
        (self.text, self.overlap, self.tokenCount, self.textHash) = (text, overlap, tokenCount, textHash)
    }
}

/// A chunk as the store keeps it; its id is also its id in FAISS.
public struct StoredChunk: Sendable, Equatable {
    public let id: Int64
    public let documentId: Int64
    /// Position in the document, from 0.
    public let ordinal: Int
    /// The heading path joined with " › ".
    public let heading: String
    public let lineStart: Int
    public let lineEnd: Int
    /// Pages of the chunk's own text (1-based, inclusive) in a paged format such as PDF; nil
    /// otherwise, and for chunks stored before pages were recorded (schema v2).
    public let pageStart: Int?
    public let pageEnd: Int?
    public let text: String
    /// Leading characters of `text` repeated from the chunk before.
    public let overlap: Int
    public let tokenCount: Int
    /// SHA-256 of the embedded text: equal hashes share an embedding, so unchanged chunks are not re-embedded.
    public let textHash: String

    /// Whether the chunk starts where its section starts: the chunks of a section after the first
    /// repeat the end of the one before (`overlap`), the first has none to repeat.
    public var opensSection: Bool { overlap == 0 }

    /// A chunk as the store would give it back, for tests that build search results without a store.
    init(id: Int64, documentId: Int64, _ chunk: NewChunk) {
        (self.id, self.documentId, ordinal, heading) = (id, documentId, chunk.ordinal, chunk.heading)
        (lineStart, lineEnd, pageStart, pageEnd) = (chunk.lineStart, chunk.lineEnd, chunk.pageStart, chunk.pageEnd)
        (text, overlap, tokenCount, textHash) = (chunk.text, chunk.overlap, chunk.tokenCount, chunk.textHash)
    }

    init(row: Row) {
        (id, documentId, ordinal, heading) = (row["id"], row["document_id"], row["ordinal"], row["heading"])
        (lineStart, lineEnd, pageStart, pageEnd) = (row["line_start"], row["line_end"], row["page_start"], row["page_end"])
        (text, overlap, tokenCount, textHash) = (row["text"], row["overlap"], row["token_count"], row["text_hash"])
    }
}

extension NewDocument {
    /// Writes the document over stored document `id`, or as a new one when `id` is nil; returns its id.
    func save(_ db: Database, as id: Int64?) throws -> Int64 {
        let values: StatementArguments = [path, sha256, modified, size, title, format, ingestedAt]
        guard let id else {
            try db.execute(
                sql: "INSERT INTO documents(path, sha256, modified, size, title, format, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: values)
            return db.lastInsertedRowID
        }
        try db.execute(
            sql: "UPDATE documents SET path = ?, sha256 = ?, modified = ?, size = ?, title = ?, format = ?, ingested_at = ? WHERE id = ?",
            arguments: values + [id])
        return id
    }
}

extension NewChunk {
    /// Adds the chunk to document `documentId`; returns its id.
    func insert(_ db: Database, documentId: Int64) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO chunks(document_id, ordinal, heading, line_start, line_end, page_start, page_end, text, overlap, token_count, text_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [documentId, ordinal, heading, lineStart, lineEnd, pageStart, pageEnd, text, overlap, tokenCount, textHash])
        return db.lastInsertedRowID
    }
}

/// Float32 vectors as SQLite blobs: little-endian, like every CPU rag runs on.
enum VectorBlob {
    static func data(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func vector(_ data: Data, dimension: Int) -> [Float]? {
        guard data.count == dimension * MemoryLayout<Float>.size else { return nil }
        return [Float](unsafeUninitializedCapacity: dimension) { buffer, initialized in
            data.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = dimension
        }
    }
}
