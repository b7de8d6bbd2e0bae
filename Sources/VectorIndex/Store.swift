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
    let files: IndexFiles
    /// The FAISS index of `generation`.
    private(set) var index: FaissIndex
    /// Why the index was rebuilt from the vectors table when the store opened (its file missing,
    /// damaged or out of step), until `repairIndexFile` writes it again; nil when the file was sound.
    public private(set) var indexFileProblem: String?

    static let databaseName = "rag.sqlite"

    /// Whether `directory` holds a store.
    public static func exists(at directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + databaseName)
    }

    /// Opens the store in `directory`. With `creating`, a missing store is made with that vector
    /// dimension and index kind; without, a missing store is an error.
    /// An index file that is missing, is not the file its commit recorded, or disagrees with the
    /// vectors table is rebuilt from the table, and `notice` says so.
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
        (index, indexFileProblem) = try Self.loadIndex(
            database: database, files: files, generation: generation, kind: kind, dimension: dimension, notice: notice)
    }

    /// Sets the index's speed/recall knob (efSearch for HNSW, nprobe for IVF); nil restores the default.
    public func tune(_ value: Int?) throws {
        guard let parameter = indexKind.searchParameter else { return }
        try index.setParameter(parameter.name, value ?? parameter.defaultValue)
    }

    /// The index file of `generation`, tuned to the kind's defaults, or one rebuilt from the
    /// vectors table with the reason when the file is missing, not the bytes its commit recorded,
    /// unreadable, or holds a different number of vectors. A file whose checksum differs never
    /// reaches FAISS, which would read damaged bytes as vectors.
    private static func loadIndex(
        database: DatabasePool, files: IndexFiles, generation: Int, kind: IndexKind, dimension: Int,
        notice: (String) -> Void
    ) throws -> (FaissIndex, problem: String?) {
        let (expected, recorded) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM vectors") ?? 0, try recordedChecksum(db))
        }
        let path = files.path(generation: generation)
        let problem: String
        if try checksumMatches(files: files, generation: generation, recorded: recorded) == false {
            problem = "\(path) is not the file its commit recorded (its SHA-256 differs): it is damaged"
        } else if let loaded = try? FaissIndex(contentsOf: path), loaded.count == expected, loaded.dimension == dimension {
            if let parameter = kind.searchParameter { try loaded.setParameter(parameter.name, parameter.defaultValue) }
            return (loaded, nil)
        } else {
            problem = "\(path) is missing or out of step with the \(expected) stored vectors"
        }
        let index = try database.read { try buildIndex($0, kind: kind, dimension: dimension) }
        guard generation > 0 || expected > 0 else { return (index, nil) }  // a new store has no file yet
        notice("\(problem); rebuilt the index from the stored vectors")
        return (index, problem)
    }

    /// The checksum the last commit recorded, if any (stores written before checksums have none).
    static func recordedChecksum(_ db: Database) throws -> IndexChecksum? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [IndexChecksum.metaKey])
            .flatMap(IndexChecksum.init(metaValue:))
    }

    /// Whether `generation`'s file on disk has the recorded SHA-256: nil when none is recorded for
    /// that generation, false too when the file is missing.
    static func checksumMatches(files: IndexFiles, generation: Int, recorded: IndexChecksum?) throws -> Bool? {
        guard let recorded, recorded.generation == generation else { return nil }
        return try files.sha256(generation: generation) == recorded.sha256
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
                if !removedChunks.isEmpty && !indexKind.supportsRemoval {
                    index = try Self.buildIndex(db, kind: indexKind, dimension: dimension)
                } else {
                    if !removedChunks.isEmpty { try index.remove(removedChunks) }
                    if !addedIDs.isEmpty {
                        if !index.isTrained { try index.train(addedVectors) }
                        try index.add(addedVectors, ids: addedIDs)
                    }
                }
                try record(index, as: next, meta: meta, in: db)
                return addedIDs
            }
            advance(to: next)
            return added
        } catch {
            // The in-memory index may hold half of the failed change: go back to the committed one.
            (index, indexFileProblem) = try Self.loadIndex(
                database: database, files: files, generation: generation, kind: indexKind, dimension: dimension, notice: { _ in })
            throw error
        }
    }

    /// Replaces the FAISS index with a new one of `kind` built from the stored vectors.
    public func rebuild(kind: IndexKind, lock: WriteLock) throws {
        let next = generation + 1
        let rebuilt = try database.write { db -> FaissIndex in
            let rebuilt = try Self.buildIndex(db, kind: kind, dimension: dimension)
            try record(rebuilt, as: next, meta: ["index_kind": kind.rawValue], in: db)
            return rebuilt
        }
        index = rebuilt
        indexKind = kind
        advance(to: next)
    }

    /// Replaces stored vectors (after re-embedding) and rebuilds the index from them, in one commit.
    public func replaceVectors(_ vectors: [Int64: [Float]], meta: [String: String], lock: WriteLock) throws {
        let next = generation + 1
        let rebuilt = try database.write { db -> FaissIndex in
            for (id, vector) in vectors {
                try db.execute(sql: "UPDATE vectors SET embedding = ? WHERE chunk_id = ?", arguments: [VectorBlob.data(vector), id])
            }
            let rebuilt = try Self.buildIndex(db, kind: indexKind, dimension: dimension)
            try record(rebuilt, as: next, meta: meta, in: db)
            return rebuilt
        }
        index = rebuilt
        advance(to: next)
    }

    /// Writes `index` as generation `next`'s file, then sets the generation, the file's checksum and
    /// `meta` in the transaction `db`: the file is on disk before the transaction that names it commits.
    private func record(_ index: FaissIndex, as next: Int, meta: [String: String], in db: Database) throws {
        let checksum = try files.write(index, generation: next)
        try Self.setMeta(db, meta.merging(["generation": "\(next)", IndexChecksum.metaKey: checksum.metaValue]) { $1 })
    }

    /// After a commit of `next`: its file and the one before stay (readers may still be on it).
    private func advance(to next: Int) {
        generation = next
        indexFileProblem = nil
        files.removeAll(except: [next, next - 1])
    }

    private static func setMeta(_ db: Database, _ values: [String: String]) throws {
        for (key, value) in values {
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// Writes the in-memory index as the current generation's file, with its checksum, after
    /// `init` rebuilt it (see `indexFileProblem`).
    public func repairIndexFile(lock: WriteLock) throws {
        guard indexFileProblem != nil else { return }
        try database.write { db in
            let checksum = try files.write(index, generation: generation)
            try Self.setMeta(db, [IndexChecksum.metaKey: checksum.metaValue])
        }
        indexFileProblem = nil
    }
}
