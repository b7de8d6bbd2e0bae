import Foundation
import GRDB

/// The notes a question is asked within (`--in PATH`, the API's `in`): documents under any of
/// these folders, or whose path starts with any of these prefixes ("week0" takes week01…week09).
/// Both retrievers filter their candidates by it before fusion, so a scoped search still gets its
/// full k from inside the scope.
public struct Scope: Sendable, Equatable {
    /// Absolute path prefixes; a folder's ends in "/", so "week1/" never takes "week10".
    public let prefixes: [String]

    /// `paths` as the user gave them, relative to `directory`: an existing folder takes
    /// everything under it, anything else is a prefix of paths.
    public init(_ paths: [String], relativeTo directory: String? = nil) {
        let directory = directory ?? FileManager.default.currentDirectoryPath
        prefixes = paths.map { given in
            let absolute = ((given.hasPrefix("/") ? given : directory + "/" + given) as NSString).standardizingPath
            var isFolder: ObjCBool = false
            let folder = FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) && isFolder.boolValue
            return folder && !absolute.hasSuffix("/") ? absolute + "/" : absolute
        }
    }

    init(prefixes: [String]) {
        self.prefixes = prefixes
    }

    /// The notes at these absolute paths, as the store has them.
    public static func notes(_ paths: [String]) -> Scope {
        Scope(prefixes: paths)
    }

    public func contains(_ path: String) -> Bool {
        prefixes.contains { path.hasPrefix($0) }
    }

    /// The SQL condition on `documents.path` and its arguments. `substr` compares code points, as
    /// Swift's `unicodeScalars` counts them; LIKE and GLOB would read `%`, `_`, `*` in a path as patterns.
    var condition: (sql: String, arguments: StatementArguments) {
        let sql = prefixes.map { _ in "substr(documents.path, 1, ?) = ?" }.joined(separator: " OR ")
        let values: [any DatabaseValueConvertible] = prefixes.flatMap { prefix -> [any DatabaseValueConvertible] in [prefix.unicodeScalars.count, prefix] }
        return ("(\(sql))", StatementArguments(values))
    }
}

/// What `list_documents` and `GET /v1/documents` answer: every note in the store, or in a scope.
public struct DocumentList: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public let path: String
        public let title: String
        public let format: String
        public let chunks: Int
        public let ingestedAt: Double
    }

    public let documents: [Entry]
}

extension Store {
    /// The notes inside `scope` (all of them for nil), by path, with their chunk counts.
    public func documentList(in scope: Scope?) throws -> DocumentList {
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT documents.path, documents.title, documents.format, documents.ingested_at, count(chunks.id) AS chunks
                    FROM documents LEFT JOIN chunks ON chunks.document_id = documents.id GROUP BY documents.id ORDER BY documents.path
                    """)
        }
        return DocumentList(
            documents: rows.filter { scope?.contains($0["path"]) ?? true }.map { row in
                DocumentList.Entry(path: row["path"], title: row["title"], format: row["format"], chunks: row["chunks"], ingestedAt: row["ingested_at"])
            })
    }

    /// Throws, naming them, when any of the scope's paths holds no note of the store: a mistyped
    /// folder would otherwise answer "not in your notes" for every question.
    public func check(_ scope: Scope) throws {
        let empty = try scope.prefixes.filter { prefix in
            let (sql, arguments) = Scope(prefixes: [prefix]).condition
            return try read { db in try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM documents WHERE \(sql))", arguments: arguments) ?? true }
        }
        guard empty.isEmpty else {
            throw StoreError("no note in the store is under \(empty.joined(separator: " or ")); `rag stats` and `rag inspect` show what it holds")
        }
    }

    /// The `k` chunks inside `scope` nearest to `vector` by cosine similarity, best first: an exact
    /// search over the scope's stored vectors, so that it returns k whenever the scope holds k
    /// (the FAISS index of this FAISS version cannot filter by id inside its search).
    public func nearest(_ vector: [Float], k: Int, in scope: Scope) throws -> [(id: Int64, score: Float)] {
        let (sql, arguments) = scope.condition
        var best: [(id: Int64, score: Float)] = []
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT vectors.chunk_id, vectors.embedding FROM vectors
                    JOIN chunks ON chunks.id = vectors.chunk_id JOIN documents ON documents.id = chunks.document_id
                    WHERE \(sql)
                    """,
                arguments: arguments)
            while let row = try rows.next() {
                guard let stored = VectorBlob.vector(row["embedding"], dimension: dimension) else { continue }
                best.append((row["chunk_id"], dot(vector, stored)))
            }
        }
        return Array(best.sorted { ($0.score, $1.id) > ($1.score, $0.id) }.prefix(k))
    }

    /// The best `limit` chunks inside `scope` for an FTS5 query by BM25, best first.
    public func keywordSearch(_ ftsQuery: String, limit: Int, in scope: Scope) throws -> [(id: Int64, score: Float)] {
        guard !ftsQuery.isEmpty, limit > 0 else { return [] }
        let (sql, arguments) = scope.condition
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT chunks_fts.rowid, bm25(chunks_fts) AS rank FROM chunks_fts
                    JOIN chunks ON chunks.id = chunks_fts.rowid JOIN documents ON documents.id = chunks.document_id
                    WHERE chunks_fts MATCH ? AND \(sql) ORDER BY rank LIMIT ?
                    """,
                arguments: [ftsQuery] + arguments + [limit]
            ).map { (id: $0["rowid"], score: -Float($0["rank"] as Double)) }
        }
    }
}

/// The inner product of two vectors of one length, eight lanes at a time.
private func dot(_ a: [Float], _ b: [Float]) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            while i + 8 <= a.count {
                lanes += SIMD8(a[i..<i + 8]) * SIMD8(b[i..<i + 8])
                i += 8
            }
        }
    }
    var sum = lanes.sum()
    while i < a.count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}
