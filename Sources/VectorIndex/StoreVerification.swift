import GRDB

/// What `rag verify` found inside the store; `problems` empty means consistent.
public struct StoreVerification: Sendable {
    public var problems: [String] = []
    /// What is worth knowing but not wrong (a checksum an older rag did not record).
    public var notes: [String] = []
    public var chunks = 0
    public var vectors = 0
    public var indexed = 0
    /// Stored vectors searched for themselves (`deep`).
    public var sampled = 0
}

extension Store {
    /// Vectors a deep verification searches for: enough to find a damaged stretch of a file that
    /// holds no checksum yet, few enough to take well under a second.
    static let deepSample = 200

    /// Checks that the index file is the one its commit recorded (SHA-256), that FAISS ids, vector
    /// ids, chunk ids and the word index's ids are the same set, that nothing is orphaned, and
    /// SQLite's own integrity check. `deep` also searches a sample of stored vectors for themselves.
    /// Reads only, so it never waits for a writer.
    public func verify(deep: Bool = false) throws -> StoreVerification {
        var report = StoreVerification()
        let indexIDs = Set(try index.ids())
        report.indexed = index.count
        try read { db in
            try checkIndexFile(db, into: &report)
            let chunkIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM chunks"))
            let vectorIDs = Set(try Int64.fetchAll(db, sql: "SELECT chunk_id FROM vectors"))
            report.chunks = chunkIDs.count
            report.vectors = vectorIDs.count
            func compare(_ a: Set<Int64>, _ aName: String, _ b: Set<Int64>, _ bName: String) {
                let missing = a.subtracting(b)
                if !missing.isEmpty {
                    report.problems.append("\(missing.count) \(aName) not in \(bName) (e.g. chunk \(missing.sorted()[0]))")
                }
            }
            compare(chunkIDs, "chunks", vectorIDs, "the vectors table")
            compare(vectorIDs, "vectors", chunkIDs, "the chunks table")
            compare(vectorIDs, "vectors", indexIDs, "the FAISS index")
            compare(indexIDs, "FAISS ids", vectorIDs, "the vectors table")
            if index.count != indexIDs.count { report.problems.append("the FAISS index holds duplicate ids") }

            let orphans =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphans > 0 { report.problems.append("\(orphans) chunks belong to no document") }
            // FTS5 keeps one docsize row per indexed chunk: the ids the word index really holds.
            let wordIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM chunks_fts_docsize"))
            compare(chunkIDs, "chunks", wordIDs, "the word index")
            compare(wordIDs, "word index rows", chunkIDs, "the chunks table")
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { report.problems.append("SQLite integrity check: " + integrity.prefix(3).joined(separator: "; ")) }
            if deep { try searchSample(db, into: &report) }
        }
        return report
    }

    /// The file on disk against the checksum its commit recorded, and whatever made `init` rebuild it.
    private func checkIndexFile(_ db: Database, into report: inout StoreVerification) throws {
        let path = files.path(generation: generation)
        switch try Self.checksumMatches(files: files, generation: generation, recorded: try Self.recordedChecksum(db)) {
        case false?:
            report.problems.append(
                "\(path) is not the file its commit recorded (its SHA-256 differs or it is missing): it is damaged; "
                    + "`rag rebuild` writes it again from the stored vectors")
        case true?:
            break
        case nil:
            if let problem = indexFileProblem { report.problems.append(problem) }
            if generation > 0 {
                report.notes.append("the SHA-256 of \(path) is not recorded yet (an older rag wrote it); the next commit records it")
            }
        }
    }

    /// Each sampled vector must come back as its own nearest neighbour, scoring its own squared
    /// length. An exact (flat) index must find every one; an approximate one may miss a few.
    private func searchSample(_ db: Database, into report: inout StoreVerification) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT chunk_id, embedding FROM vectors ORDER BY random() LIMIT ?", arguments: [Self.deepSample])
        var missed: [Int64] = []
        for row in rows {
            let id: Int64 = row["chunk_id"]
            guard let vector = VectorBlob.vector(row["embedding"], dimension: dimension) else { continue }
            let own = vector.reduce(0) { $0 + $1 * $1 }
            let found: [(id: Int64, score: Float)]
            do {
                found = try nearest(vector, k: 10)
            } catch {
                report.problems.append("searching for the stored vector of chunk \(id): \(error)")
                return
            }
            if !found.contains(where: { $0.id == id && abs($0.score - own) <= Self.cosineSlack }) { missed.append(id) }
        }
        report.sampled = rows.count
        let allowed = indexKind == .flat ? 0 : rows.count / 20
        if missed.count > allowed {
            report.problems.append(
                "\(missed.count) of \(rows.count) sampled vectors are not found by searching the FAISS index for them "
                    + "(e.g. chunk \(missed[0])): the index does not hold what the vectors table does; run `rag rebuild`")
        }
    }
}
