import Foundation
import GRDB

/// One store: a folder holding `rag.sqlite` (documents, chunks, their words for BM25, and their
/// vectors) and the FAISS index of the current generation (see `IndexFiles`).
///
/// Any number of processes may read; one writes at a time, holding the `WriteLock`. Readers never
/// wait: SQLite runs in WAL mode, and a reader holds the FAISS file it opened whole in memory.
public final class Store: @unchecked Sendable {  // mutated only by the lock holder, from one thread
    public let directory: String
    public let dimension: Int
    public private(set) var generation: Int
    public private(set) var indexKind: IndexKind
    /// Whether the store picks its index kind by its size (`IndexKind.bySize`) at every commit,
    /// rather than keeping the one the user set.
    public private(set) var indexBySize: Bool
    /// Whether this store was opened for reading only (see `init`).
    public let readOnly: Bool
    let database: DatabasePool
    let files: IndexFiles
    /// The FAISS index of `generation`.
    private(set) var index: FaissIndex
    /// Why the index was rebuilt from the vectors table when the store opened (its file missing,
    /// damaged or out of step), until `repairIndexFile` writes it again; nil when the file was sound.
    public private(set) var indexFileProblem: String?

    static let databaseName = "rag.sqlite"
    /// The meta key that says whether the index kind is chosen by size or was set; stores made
    /// before it choose by size.
    static let indexChoiceKey = "index_choice"
    static let (bySize, fixed) = ("size", "fixed")

    /// Whether `directory` holds a store.
    public static func exists(at directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + databaseName)
    }

    /// Opens the store in `directory`. With `creating`, a missing store is made with that vector
    /// dimension and index kind (nil: chosen by size); without, a missing store is an error. `readOnly` opens it for
    /// searching and reporting, which works on a store this user cannot write; otherwise a store
    /// this user cannot write is an error that says so.
    /// An index file that is missing, is not the file its commit recorded, or disagrees with the
    /// vectors table is rebuilt from the table, and `notice` says so.
    public init(
        directory: String, creating: (dimension: Int, kind: IndexKind?)? = nil, readOnly: Bool = false,
        notice: (String) -> Void = { _ in }
    ) throws {
        guard creating != nil || Self.exists(at: directory) else { throw StoreError.missing(directory) }
        let path = directory + "/" + Self.databaseName
        if !readOnly {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for needed in [directory, path] where access(needed, W_OK) != 0 {
                let code = errno
                if code != ENOENT { throw StoreError.readOnly(directory, "\(needed): \(String(cString: strerror(code)))") }
            }
        }
        let files = IndexFiles(directory: directory)
        let (database, opened) = try Self.translatingDamage(path, directory: directory) {
            let database = try Self.openDatabase(path, directory: directory, readOnly: readOnly)
            let migrator = Schema.migrator(creating: creating)
            let applied = try database.read { try migrator.appliedIdentifiers($0) }
            if !applied.contains(Schema.first) {
                // Being created by a writer whose first commit is not in yet, or never finished.
                guard !readOnly else { throw StoreError.missing(directory) }
                try migrator.migrate(database)
            } else if !readOnly, try database.read({ try !migrator.hasCompletedMigrations($0) }) {
                // An older store: a writer upgrades it; a reader reads it as it is (see `Schema`).
                try migrator.migrate(database)
            }
            return (database, try Self.loadIndex(database: database, files: files, directory: directory, notice: notice))
        }
        self.directory = directory
        self.readOnly = readOnly
        self.files = files
        self.database = database
        dimension = opened.dimension
        generation = opened.generation
        indexKind = opened.kind
        indexBySize = opened.bySize
        (index, indexFileProblem) = (opened.index, opened.problem)
    }

    /// The store for the holder of `lock`, which writes an index rebuilt on open back at once.
    public convenience init(
        directory: String, creating: (dimension: Int, kind: IndexKind?)? = nil, lock: WriteLock,
        notice: (String) -> Void = { _ in }
    ) throws {
        try self.init(directory: directory, creating: creating, notice: notice)
        try repairIndexFile(lock: lock)
    }

    /// `DatabasePool` in WAL mode. SQLite reads a WAL database through its `-shm` file, which a
    /// reader creates when it is missing; in a folder this user cannot write that fails ("attempt
    /// to write a readonly database"). There, when no `-wal` file is left either (no writer is at
    /// work and the last one checkpointed), the main file holds every commit and is read as immutable
    /// (what its owner commits while it is open is not seen until it is opened again).
    private static func openDatabase(_ path: String, directory: String, readOnly: Bool) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = readOnly
        if readOnly && access(directory, W_OK) != 0 && !FileManager.default.fileExists(atPath: path + "-wal"),
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
        {
            return try DatabasePool(path: "file:\(escaped)?immutable=1", configuration: configuration.withRagTokenizer())
        }
        return try DatabasePool(path: path, configuration: configuration.withRagTokenizer())
    }

    /// Runs `body`, turning SQLite's "corrupt" and "not a database" into an error naming `path`.
    private static func translatingDamage<T>(_ path: String, directory: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.damaged(path, directory: directory, by: error) ?? error
        }
    }

    /// Reads in one snapshot; a damaged database file gives an error that says so and what to do.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.translatingDamage(directory + "/" + Self.databaseName, directory: directory) { try database.read(body) }
    }

    /// Writes in one transaction; a damaged database file gives an error that says so and what to do.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let path = directory + "/" + Self.databaseName
        return try Self.translatingDamage(path, directory: directory) {
            do {
                return try database.write(body)
            } catch {
                throw StoreError.unwritable(path, by: error) ?? error
            }
        }
    }

    /// Sets the index's speed/recall knob (efSearch for HNSW, nprobe for IVF); nil restores the default.
    public func tune(_ value: Int?) throws {
        guard let parameter = indexKind.searchParameter else { return }
        try index.setParameter(parameter.name, value ?? parameter.defaultValue)
    }

    /// What one snapshot of the meta table says, and the index of that generation.
    private struct OpenedIndex {
        let generation: Int
        let dimension: Int
        let kind: IndexKind
        let bySize: Bool
        let index: FaissIndex
        let problem: String?
    }

    /// The index file of the committed generation, tuned to the kind's defaults, or one rebuilt
    /// from the vectors table with the reason when the file is missing, not the bytes its commit
    /// recorded, unreadable, or holds a different number of vectors. A file whose checksum differs
    /// never reaches FAISS, which would read damaged bytes as vectors.
    /// A commit deletes the previous generation's file: a file gone missing while a newer
    /// generation was committed is no damage, and the newer one is opened instead.
    private static func loadIndex(
        database: DatabasePool, files: IndexFiles, directory: String, notice: (String) -> Void
    ) throws -> OpenedIndex {
        while true {
            let (meta, expected, recorded) = try database.read { db in
                (
                    try Dictionary(
                        uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                            ($0["key"] as String, $0["value"] as String)
                        }),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM vectors") ?? 0, try recordedChecksum(db)
                )
            }
            guard let generation = meta["generation"].flatMap(Int.init), let dimension = meta["dimension"].flatMap(Int.init),
                let kind = meta["index_kind"].flatMap(IndexKind.init(rawValue:))
            else { throw StoreError("\(directory)/\(Self.databaseName): the meta table is incomplete; the store is damaged") }
            func opened(_ index: FaissIndex, _ problem: String?) -> OpenedIndex {
                OpenedIndex(
                    generation: generation, dimension: dimension, kind: kind, bySize: meta[indexChoiceKey] != fixed, index: index, problem: problem)
            }

            let path = files.path(generation: generation)
            let problem: String
            if try checksumMatches(files: files, generation: generation, recorded: recorded) == false {
                problem = "\(path) is not the file its commit recorded (its SHA-256 differs): it is damaged"
            } else if let loaded = try? FaissIndex(contentsOf: path), loaded.count == expected, loaded.dimension == dimension {
                if let parameter = kind.searchParameter { try loaded.setParameter(parameter.name, parameter.defaultValue) }
                return opened(loaded, nil)
            } else {
                problem = "\(path) is missing or out of step with the \(expected) stored vectors"
            }
            let rebuilt = try database.read { db -> FaissIndex? in
                guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") == "\(generation)" else {
                    return nil
                }
                return try buildIndex(db, kind: kind, dimension: dimension)
            }
            guard let rebuilt else { continue }  // committed meanwhile: open the newer generation
            guard generation > 0 || expected > 0 else { return opened(rebuilt, nil) }  // a new store has no file yet
            notice("\(problem); rebuilt the index from the stored vectors")
            return opened(rebuilt, problem)
        }
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
        var kind = indexKind
        do {
            let ids = try commitGeneration(meta: meta) { db -> (FaissIndex, [Int64]) in
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
                    if let id = content.replacing {
                        removedChunks += try Int64.fetchAll(db, sql: "SELECT id FROM chunks WHERE document_id = ?", arguments: [id])
                        try db.execute(sql: "DELETE FROM chunks WHERE document_id = ?", arguments: [id])
                    }
                    let documentId = try content.document.save(db, as: content.replacing)
                    for (chunk, vector) in content.chunks {
                        precondition(vector.count == dimension, "vector of \(vector.count) values, store has \(dimension)")
                        let id = try chunk.insert(db, documentId: documentId)
                        try db.execute(sql: "INSERT INTO vectors(chunk_id, embedding) VALUES (?, ?)", arguments: [id, VectorBlob.data(vector)])
                        addedIDs.append(id)
                        addedVectors += vector
                    }
                }
                if indexBySize { kind = IndexKind.bySize(count: try Self.vectorCount(db), now: indexKind) }
                if kind != indexKind || (!removedChunks.isEmpty && !kind.supportsRemoval) {
                    try Self.setMeta(db, ["index_kind": kind.rawValue])
                    return (try Self.buildIndex(db, kind: kind, dimension: dimension), addedIDs)
                }
                if !removedChunks.isEmpty { try index.remove(removedChunks) }
                if !addedIDs.isEmpty {
                    if !index.isTrained { try index.train(addedVectors) }
                    try index.add(addedVectors, ids: addedIDs)
                }
                return (index, addedIDs)
            }
            indexKind = kind
            return ids
        } catch {
            // The in-memory index may hold half of the failed change: go back to the committed one.
            let reloaded = try Self.loadIndex(database: database, files: files, directory: directory, notice: { _ in })
            (index, indexFileProblem) = (reloaded.index, reloaded.problem)
            throw error
        }
    }

    /// Replaces the FAISS index with a new one of `chosen` (nil: chosen by size from now on)
    /// built from the stored vectors.
    public func rebuild(kind chosen: IndexKind?, lock: WriteLock) throws {
        var kind = chosen ?? indexKind
        try commitGeneration(meta: [Self.indexChoiceKey: chosen == nil ? Self.bySize : Self.fixed]) { db in
            if chosen == nil { kind = IndexKind.bySize(count: try Self.vectorCount(db), now: indexKind) }
            try Self.setMeta(db, ["index_kind": kind.rawValue])
            return (try Self.buildIndex(db, kind: kind, dimension: dimension), ())
        }
        (indexKind, indexBySize) = (kind, chosen == nil)
    }

    private static func vectorCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM vectors") ?? 0
    }

    /// Replaces stored vectors (after re-embedding) and rebuilds the index from them, in one commit.
    public func replaceVectors(_ vectors: [Int64: [Float]], meta: [String: String], lock: WriteLock) throws {
        try commitGeneration(meta: meta) { db in
            for (id, vector) in vectors {
                try db.execute(sql: "UPDATE vectors SET embedding = ? WHERE chunk_id = ?", arguments: [VectorBlob.data(vector), id])
            }
            return (try Self.buildIndex(db, kind: indexKind, dimension: dimension), ())
        }
    }

    /// One new generation, the single way a commit, a rebuild and a re-embedding end: `change`
    /// writes its rows in a transaction and returns the index that goes with them; that index is
    /// written as the next generation's file before the transaction that names it (with its
    /// checksum and `meta`) commits. Then only the new file is needed: a reader that still has an
    /// older one open keeps reading it (Linux frees a deleted file when its last descriptor
    /// closes), and one that had not opened it yet finds the newer generation instead (see `loadIndex`).
    @discardableResult
    private func commitGeneration<Result>(meta: [String: String], _ change: (Database) throws -> (FaissIndex, Result)) throws -> Result {
        let next = generation + 1
        let (written, result): (FaissIndex, Result)
        do {
            (written, result) = try write { db in
                let (index, result) = try change(db)
                let checksum = try files.write(index, generation: next)
                try Self.setMeta(db, meta.merging(["generation": "\(next)", IndexChecksum.metaKey: checksum.metaValue]) { $1 })
                return (index, result)
            }
        } catch {
            // The next generation's file may be written but is not recorded: on a full disk its
            // room is what the next try needs.
            files.removeAll(except: [generation])
            throw error
        }
        index = written
        generation = next
        indexFileProblem = nil
        files.removeAll(except: [next])
        return result
    }

    private static func setMeta(_ db: Database, _ values: [String: String]) throws {
        for (key, value) in values {
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// Writes the index `init` rebuilt (see `indexFileProblem`) as the current generation's file,
    /// with its checksum, unless a commit has made a newer generation since. A store opened
    /// read-only writes through a connection of its own, as the lock holder.
    public func repairIndexFile(lock: WriteLock) throws {
        guard indexFileProblem != nil else { return }
        let writer: any DatabaseWriter =
            readOnly ? try DatabaseQueue(path: directory + "/" + Self.databaseName, configuration: Configuration().withRagTokenizer()) : database
        try Self.translatingDamage(directory + "/" + Self.databaseName, directory: directory) {
            try writer.write { db in
                guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") == "\(generation)" else { return }
                let checksum = try files.write(index, generation: generation)
                try Self.setMeta(db, [IndexChecksum.metaKey: checksum.metaValue])
            }
        }
        indexFileProblem = nil
    }

    /// What a reader does after `init` rebuilt the index: saves it, so that the next reader need
    /// not rebuild it too, when it may take the write lock at once; a store this user cannot
    /// write, or one a writer holds, is left to the next writer.
    public func saveRebuiltIndexIfUnlocked() {
        guard indexFileProblem != nil, let lock = try? WriteLock(directory: directory, wait: 0) else { return }
        try? repairIndexFile(lock: lock)
    }
}
