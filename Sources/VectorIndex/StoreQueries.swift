import Foundation
import GRDB

/// A chunk found by a search, with its document's path and title.
public struct SearchHit: Sendable {
    public let chunk: StoredChunk
    public let path: String
    public let title: String
    public let score: Float
    /// Leading characters of the chunk's text that end a sentence begun in the chunk before (see `ChunkOpening`).
    public let fragment: Int

    public init(chunk: StoredChunk, path: String, title: String, score: Float, fragment: Int = 0) {
        self.chunk = chunk
        self.path = path
        self.title = title
        self.score = score
        self.fragment = fragment
    }

    /// The chunk's text from its first whole sentence: what a result shows and an answer draws on.
    public var text: String { String(chunk.text.dropFirst(fragment)) }

    /// The line `text` starts on.
    public var lineStart: Int { chunk.lineStart + chunk.text.prefix(fragment).filter(\.isNewline).count }
}

/// What `rag stats` reports.
public struct StoreStats: Sendable, Encodable {
    public let documents: Int
    public let chunks: Int
    public let vectors: Int
    public let indexType: String
    /// "size" when the store picks its index kind by its size, "fixed" when the user set it.
    public let indexChoice: String
    public let dimension: Int
    public let generation: Int
    public let schema: String
    public let models: [String: String]
    public let bytesOnDisk: Int
    /// Seconds since 1970 of the newest ingest, nil for an empty store.
    public let lastIngest: Double?
}

extension Store {
    public func documents() throws -> [StoredDocument] {
        try read { try Row.fetchAll($0, sql: "SELECT * FROM documents ORDER BY path").map(StoredDocument.init) }
    }

    public func document(path: String) throws -> StoredDocument? {
        try read { try Row.fetchOne($0, sql: "SELECT * FROM documents WHERE path = ?", arguments: [path]).map(StoredDocument.init) }
    }

    public func chunks(ofDocument id: Int64) throws -> [StoredChunk] {
        try read { try Row.fetchAll($0, sql: "SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal", arguments: [id]).map(StoredChunk.init) }
    }

    /// A chunk with its document, or nil.
    public func chunk(id: Int64) throws -> (chunk: StoredChunk, document: StoredDocument)? {
        try read { db in
            guard let chunk = try Row.fetchOne(db, sql: "SELECT * FROM chunks WHERE id = ?", arguments: [id]).map(StoredChunk.init),
                let document = try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE id = ?", arguments: [chunk.documentId]).map(StoredDocument.init)
            else { return nil }
            return (chunk, document)
        }
    }

    /// The stored embedding of each of these chunk texts that the store already has, by text hash.
    public func vectors(forTextHashes hashes: Set<String>) throws -> [String: [Float]] {
        guard !hashes.isEmpty else { return [:] }
        return try read { db in
            var found: [String: [Float]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT chunks.text_hash, vectors.embedding FROM chunks JOIN vectors ON vectors.chunk_id = chunks.id
                    WHERE chunks.text_hash IN (SELECT value FROM json_each(?))
                    """,
                arguments: [String(decoding: try JSONEncoder().encode(Array(hashes)), as: UTF8.self)])
            while let row = try rows.next() {
                if let vector = VectorBlob.vector(row["embedding"], dimension: dimension) { found[row["text_hash"]] = vector }
            }
            return found
        }
    }

    /// The `k` chunks nearest to `vector` by cosine similarity, best first.
    public func search(_ vector: [Float], k: Int) throws -> [SearchHit] {
        try hits(nearest(vector, k: k))
    }

    /// The ids and cosine similarities of the `k` chunks nearest to `vector` (a unit vector), best first.
    public func nearest(_ vector: [Float], k: Int) throws -> [(id: Int64, score: Float)] {
        let found = try index.search(vector, k: k)
        // Unit vectors have cosines within [-1, 1]. A score beyond that (1e37 from a damaged file,
        // NaN) is damage, never relevance: it would pass any floor and rank a wrong passage first.
        if let wrong = found.first(where: { !(abs($0.score) <= 1 + Self.cosineSlack) }) {
            throw StoreError(
                """
                the FAISS index of generation \(generation) gave chunk \(wrong.id) a similarity of \(wrong.score), which a \
                cosine cannot be: the index is damaged; run `rag verify`, then `rag rebuild`
                """)
        }
        return found.map { ($0.id, $0.score) }
    }

    /// How far a float32 inner product of two unit vectors strays beyond ±1 by rounding alone.
    static let cosineSlack: Float = 1e-3

    /// The chunks of these ids, with their scores, in the order given; ids no longer stored are left out.
    public func hits(_ scored: [(id: Int64, score: Float)]) throws -> [SearchHit] {
        guard !scored.isEmpty else { return [] }
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT chunks.*, documents.path AS document_path, documents.title AS document_title, previous.text AS previous_text
                    FROM chunks JOIN documents ON documents.id = chunks.document_id
                    LEFT JOIN chunks AS previous ON previous.document_id = chunks.document_id AND previous.ordinal = chunks.ordinal - 1
                    WHERE chunks.id IN (\(Array(repeating: "?", count: scored.count).joined(separator: ",")))
                    """,
                arguments: StatementArguments(scored.map(\.id)))
        }
        var byID: [Int64: Row] = [:]
        for row in rows { byID[row["id"]] = row }
        return scored.compactMap { id, score in
            guard let row = byID[id] else { return nil }
            let chunk = StoredChunk(row: row)
            let fragment = ChunkOpening.fragmentLength(of: chunk.text, overlap: chunk.overlap, previous: row["previous_text"])
            return SearchHit(chunk: chunk, path: row["document_path"], title: row["document_title"], score: score, fragment: fragment)
        }
    }

    public func meta(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func stats() throws -> StoreStats {
        let (documents, chunks, vectors, lastIngest, models, schema) = try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM chunks") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM vectors") ?? 0,
                try Double.fetchOne(db, sql: "SELECT max(ingested_at) FROM documents"),
                try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE 'model.%'").map {
                        (String(($0["key"] as String).dropFirst("model.".count)), $0["value"] as String)
                    }),
                try Schema.applied(db)
            )
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let bytes = names.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0)
        }
        return StoreStats(
            documents: documents, chunks: chunks, vectors: vectors, indexType: indexKind.rawValue,
            indexChoice: indexBySize ? Self.bySize : Self.fixed, dimension: dimension,
            generation: generation, schema: schema, models: models, bytesOnDisk: bytes, lastIngest: lastIngest)
    }
}

extension Store {
    /// The best `limit` chunks for an FTS5 query by BM25 (higher is better), best first.
    /// `ftsQuery` must already be FTS5 syntax; `KeywordQuery` makes one from a user's text.
    public func keywordSearch(_ ftsQuery: String, limit: Int) throws -> [(id: Int64, score: Float)] {
        guard !ftsQuery.isEmpty, limit > 0 else { return [] }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT rowid, bm25(chunks_fts) AS rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?",
                arguments: [ftsQuery, limit]
            ).map { (id: $0["rowid"], score: -Float($0["rank"] as Double)) }
        }
    }
}
