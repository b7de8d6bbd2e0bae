import GRDB

/// What `rag verify` found inside the store; `problems` empty means consistent.
public struct StoreVerification: Sendable {
    public var problems: [String] = []
    public var chunks = 0
    public var vectors = 0
    public var indexed = 0
}

extension Store {
    /// Checks that FAISS ids, vector ids, chunk ids and the word index's ids are the same set, that
    /// nothing is orphaned, and SQLite's own integrity check. Reads only, so it never waits for a writer.
    public func verify() throws -> StoreVerification {
        var report = StoreVerification()
        let indexIDs = Set(try index.ids())
        report.indexed = index.count
        try database.read { db in
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

            let orphans = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)") ?? 0
            if orphans > 0 { report.problems.append("\(orphans) chunks belong to no document") }
            // FTS5 keeps one docsize row per indexed chunk: the ids the word index really holds.
            let wordIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM chunks_fts_docsize"))
            compare(chunkIDs, "chunks", wordIDs, "the word index")
            compare(wordIDs, "word index rows", chunkIDs, "the chunks table")
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { report.problems.append("SQLite integrity check: " + integrity.prefix(3).joined(separator: "; ")) }
        }
        return report
    }
}
