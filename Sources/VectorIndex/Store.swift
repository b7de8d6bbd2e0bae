import Foundation
import GRDB

/// One store: a folder holding `rag.sqlite` (documents, chunks, their words for BM25, and their
/// vectors) and the FAISS index of the current generation (see `IndexFiles`).
///
/// Any number of processes may read; one writes at a time, holding the `WriteLock`. Readers never
/// wait: SQLite runs in WAL mode and old FAISS files stay until the next commit.
public final class Store: @unchecked Sendable {  // mutated only by the lock holder, from one thread
    public let directory: String
    public let dimension: Int
    public private(set) var generation: Int
    public private(set) var indexKind: IndexKind
    let database: DatabasePool
    private let files: IndexFiles
    /// The FAISS index of `generation`.
    private(set) var index: FaissIndex

    static let databaseName = "rag.sqlite"

    /// Whether `directory` holds a store.
    public static func exists(at directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + databaseName)
    }

    /// Opens the store in `directory`. With `creating`, a missing store is made with that vector
    /// dimension and index kind; without, a missing store is an error.
    /// An index file that is missing or disagrees with the vectors table is rebuilt from it, and `notice` says so.
    public init(
        directory: String, creating: (dimension: Int, kind: IndexKind)? = nil, notice: (String) -> Void = { _ in }
    ) throws {
        guard creating != nil || Self.exists(at: directory) else {
            throw StoreError("no store at \(directory); run `rag ingest PATH` first")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let database = try DatabasePool(path: directory + "/" + Self.databaseName, configuration: configuration)
        let migrator = Schema.migrator(creating: creating)
        if try database.read({ try !migrator.hasCompletedMigrations($0) }) {
            try migrator.migrate(database)
        }
        let meta = try database.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                ($0["key"] as String, $0["value"] as String)
            })
        }
        guard let generation = meta["generation"].flatMap(Int.init), let dimension = meta["dimension"].flatMap(Int.init),
            let kind = meta["index_kind"].flatMap(IndexKind.init(rawValue:))
        else { throw StoreError("\(directory)/\(Self.databaseName): the meta table is incomplete; the store is damaged") }

        self.directory = directory
        self.database = database
        self.dimension = dimension
        self.generation = generation
        self.indexKind = kind
        files = IndexFiles(directory: directory)
        index = try Self.loadIndex(database: database, files: files, generation: generation, kind: kind, dimension: dimension, notice: notice)
    }

    /// Sets the index's speed/recall knob (efSearch for HNSW, nprobe for IVF); nil restores the default.
    public func tune(_ value: Int?) throws {
        guard let parameter = indexKind.searchParameter else { return }
        try index.setParameter(parameter.name, value ?? parameter.defaultValue)
    }

    /// The index file of `generation`, or one rebuilt from the vectors table when the file is
    /// missing, unreadable or holds a different number of vectors, tuned to the kind's defaults.
    private static func loadIndex(
        database: DatabasePool, files: IndexFiles, generation: Int, kind: IndexKind, dimension: Int,
        notice: (String) -> Void
    ) throws -> FaissIndex {
        let expected = try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM vectors") ?? 0 }
        let path = files.path(generation: generation)
        let index: FaissIndex
        if let loaded = try? FaissIndex(contentsOf: path), loaded.count == expected, loaded.dimension == dimension {
            index = loaded
        } else {
            if generation > 0 || expected > 0 {
                notice("the FAISS index of generation \(generation) is missing or out of step; rebuilt it from the \(expected) stored vectors")
            }
            index = try database.read { try buildIndex($0, kind: kind, dimension: dimension) }
        }
        if let parameter = kind.searchParameter { try index.setParameter(parameter.name, parameter.defaultValue) }
        return index
    }

    /// A new index of `kind` over every vector in the table.
    static func buildIndex(_ db: Database, kind: IndexKind, dimension: Int) throws -> FaissIndex {
        var ids: [Int64] = []
        var vectors: [Float] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT chunk_id, embedding FROM vectors ORDER BY chunk_id")
        while let row = try rows.next() {
            guard let vector = VectorBlob.vector(row["embedding"], dimension: dimension) else {
                throw StoreError("vector of chunk \(row["chunk_id"] as Int64) has the wrong size")
            }
            ids.append(row["chunk_id"])
            vectors += vector
        }
        let index = try FaissIndex(factory: kind.factory(count: ids.count), dimension: dimension)
        if !ids.isEmpty {
            try index.train(vectors)
            try index.add(vectors, ids: ids)
        }
        if let parameter = kind.searchParameter { try index.setParameter(parameter.name, parameter.defaultValue) }
        return index
    }

    // MARK: Writing

    /// Applies `changes` as one new generation: SQLite rows and the FAISS file together, or neither.
    /// Returns the ids the new chunks got, in the order given.
    @discardableResult
    public func commit(_ changes: StoreChanges, meta: [String: String] = [:], lock: WriteLock) throws -> [Int64] {
        let next = generation + 1
        do {
            let added = try database.write { db -> [Int64] in
                var removedChunks: [Int64] = []
                for id in changes.removals {
                    removedChunks += try Int64.fetchAll(db, sql: "SELECT id FROM chunks WHERE document_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [id])
                }
                for rename in changes.renames {
                    try db.execute(
                        sql: "UPDATE documents SET path = ?, modified = ? WHERE id = ?",
                        arguments: [rename.path, rename.modified, rename.id])
                }
                var addedIDs: [Int64] = []
                var addedVectors: [Float] = []
                for content in changes.documents {
                    var document = content.document
                    if let id = document.id {
                        removedChunks += try Int64.fetchAll(db, sql: "SELECT id FROM chunks WHERE document_id = ?", arguments: [id])
                        try db.execute(sql: "DELETE FROM chunks WHERE document_id = ?", arguments: [id])
                        try document.update(db)
                    } else {
                        try document.insert(db)
                    }
                    for (chunk, vector) in content.chunks {
                        precondition(vector.count == dimension, "vector of \(vector.count) values, store has \(dimension)")
                        var chunk = chunk
                        chunk.documentId = document.id!
                        try chunk.insert(db)
                        try db.execute(
                            sql: "INSERT INTO vectors(chunk_id, embedding) VALUES (?, ?)",
                            arguments: [chunk.id!, VectorBlob.data(vector)])
                        addedIDs.append(chunk.id!)
                        addedVectors += vector
                    }
                }
                try Self.setMeta(db, meta.merging(["generation": "\(next)"]) { $1 })
                // The FAISS file is on disk before the transaction that names its generation commits.
                if !removedChunks.isEmpty && !indexKind.supportsRemoval {
                    index = try Self.buildIndex(db, kind: indexKind, dimension: dimension)
                } else {
                    if !removedChunks.isEmpty { try index.remove(removedChunks) }
                    if !addedIDs.isEmpty {
                        if !index.isTrained { try index.train(addedVectors) }
                        try index.add(addedVectors, ids: addedIDs)
                    }
                }
                try files.write(index, generation: next)
                return addedIDs
            }
            generation = next
            files.removeAll(except: [next, next - 1])
            return added
        } catch {
            // The in-memory index may hold half of the failed change: go back to the committed one.
            index = try Self.loadIndex(
                database: database, files: files, generation: generation, kind: indexKind, dimension: dimension, notice: { _ in })
            throw error
        }
    }

    /// Replaces the FAISS index with a new one of `kind` built from the stored vectors.
    public func rebuild(kind: IndexKind, lock: WriteLock) throws {
        let next = generation + 1
        let rebuilt = try database.write { db -> FaissIndex in
            let rebuilt = try Self.buildIndex(db, kind: kind, dimension: dimension)
            try Self.setMeta(db, ["index_kind": kind.rawValue, "generation": "\(next)"])
            try files.write(rebuilt, generation: next)
            return rebuilt
        }
        index = rebuilt
        indexKind = kind
        generation = next
        files.removeAll(except: [next, next - 1])
    }

    /// Replaces stored vectors (after re-embedding) and rebuilds the index from them, in one commit.
    public func replaceVectors(_ vectors: [Int64: [Float]], meta: [String: String], lock: WriteLock) throws {
        let next = generation + 1
        let rebuilt = try database.write { db -> FaissIndex in
            for (id, vector) in vectors {
                try db.execute(sql: "UPDATE vectors SET embedding = ? WHERE chunk_id = ?", arguments: [VectorBlob.data(vector), id])
            }
            let rebuilt = try Self.buildIndex(db, kind: indexKind, dimension: dimension)
            try Self.setMeta(db, meta.merging(["generation": "\(next)"]) { $1 })
            try files.write(rebuilt, generation: next)
            return rebuilt
        }
        index = rebuilt
        generation = next
        files.removeAll(except: [next, next - 1])
    }

    private static func setMeta(_ db: Database, _ values: [String: String]) throws {
        for (key, value) in values {
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// Writes the in-memory index as the current generation's file, after `init` rebuilt it.
    public func repairIndexFile(lock: WriteLock) throws {
        guard (try? FaissIndex(contentsOf: files.path(generation: generation)))?.count != index.count else { return }
        try files.write(index, generation: generation)
    }
}
