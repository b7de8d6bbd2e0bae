import Foundation
public import GRDB

/// A notes file as the store knows it.
public struct StoredDocument: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "documents"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var path: String
    public var sha256: String
    /// Modification time when ingested, seconds since 1970.
    public var modified: Double
    public var size: Int
    public var title: String
    public var format: String
    public var ingestedAt: Double

    public init(
        id: Int64? = nil, path: String, sha256: String, modified: Double, size: Int, title: String, format: String,
        ingestedAt: Double
    ) {
        self.id = id
        self.path = path
        self.sha256 = sha256
        self.modified = modified
        self.size = size
        self.title = title
        self.format = format
        self.ingestedAt = ingestedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A chunk as the store keeps it; its id is also its id in FAISS.
public struct StoredChunk: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "chunks"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var documentId: Int64
    /// Position in the document, from 0.
    public var ordinal: Int
    /// The heading path joined with " › ".
    public var heading: String
    public var lineStart: Int
    public var lineEnd: Int
    /// Pages of the chunk's own text (1-based, inclusive) in a paged format such as PDF; nil
    /// otherwise, and for chunks stored before pages were recorded (schema v2).
    public var pageStart: Int?
    public var pageEnd: Int?
    public var text: String
    /// Leading characters of `text` repeated from the chunk before.
    public var overlap: Int
    public var tokenCount: Int
    /// SHA-256 of the embedded text: equal hashes share an embedding, so unchanged chunks are not re-embedded.
    public var textHash: String

    public init(
        id: Int64? = nil, documentId: Int64 = 0, ordinal: Int, heading: String, lineStart: Int, lineEnd: Int,
        pageStart: Int? = nil, pageEnd: Int? = nil, text: String, overlap: Int, tokenCount: Int, textHash: String
    ) {
        self.id = id
        self.documentId = documentId
        self.ordinal = ordinal
        self.heading = heading
        self.lineStart = lineStart
        self.lineEnd = lineEnd
        self.pageStart = pageStart
        self.pageEnd = pageEnd
        self.text = text
        self.overlap = overlap
        self.tokenCount = tokenCount
        self.textHash = textHash
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
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
