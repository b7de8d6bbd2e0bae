import Foundation
import GRDB
import Testing

@testable import VectorIndex

/// Migrations: a store made before a column existed opens, gains it, and keeps its rows.
@Suite struct SchemaTests {
    @Test func aStoreWithoutPagesGainsThemAndKeepsItsChunks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-schema-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let store = try Store(directory: directory, creating: (StoreTests.dimension, .flat))
            let lock = try WriteLock(directory: directory, wait: 0)
            var changes = StoreChanges()
            changes.documents = [StoreTests.content("/n/a.md", chunks: 0..<2)]
            try store.commit(changes, lock: lock)
            // Back to the v1 schema: no page columns or conversations, words cut by plain unicode61,
            // and v2 to v4 not recorded as done.
            try store.database.write { db in
                try db.execute(sql: "ALTER TABLE chunks DROP COLUMN page_start; ALTER TABLE chunks DROP COLUMN page_end")
                try db.execute(sql: "DROP TRIGGER turn_sources_forget; DROP TABLE turn_sources; DROP TABLE turns; DROP TABLE conversations")
                try db.execute(
                    sql: """
                        DROP TABLE chunks_fts;
                        CREATE VIRTUAL TABLE chunks_fts USING fts5(heading, text, content='chunks', content_rowid='id', tokenize='porter unicode61');
                        INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
                        """)
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v3', 'v4')")
            }
        }
        // A reader opens the old store as it is; its chunks have no pages.
        let reader = try Store(directory: directory, readOnly: true)
        let old = try reader.chunks(ofDocument: try #require(try reader.document(path: "/n/a.md")).id)
        #expect(old.count == 2 && old.allSatisfy { $0.pageStart == nil && $0.pageEnd == nil })
        #expect(try reader.search(StoreTests.vector(1), k: 1).first?.chunk.text == "chunk number 1 about topic1")
        #expect(try reader.stats().schema == "v1")  // what the store has, not what rag knows
        // The next writer (here one that adds no chunks, as `rag forget` does) adds the columns.
        let store = try Store(directory: directory, lock: try WriteLock(directory: directory, wait: 0))
        let columns = try store.database.read { try $0.columns(in: "chunks").map(\.name) }
        #expect(columns.contains("page_start") && columns.contains("page_end"))
        let document = try #require(try store.document(path: "/n/a.md"))
        let chunks = try store.chunks(ofDocument: document.id)
        #expect(chunks.map(\.text) == ["chunk number 0 about topic0", "chunk number 1 about topic1"])
        #expect(chunks.allSatisfy { $0.pageStart == nil && $0.pageEnd == nil })
        #expect(try store.verify().problems.isEmpty)
        #expect(try store.stats().schema == "v4")
        // the word index was rebuilt with the CJK tokenizer and still holds the old chunks' words
        let tokenizer = try store.database.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'chunks_fts'") }
        #expect(tokenizer?.contains("rag_cjk") == true)
        #expect(try store.keywordSearch("\"topic1\"", limit: 2).map(\.id) == [chunks[1].id])
    }

    @Test func chunkPagesAreStored() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-schema-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(directory: directory, creating: (StoreTests.dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        var content = StoreTests.content("/n/slides.pdf", chunks: 0..<2)
        content.chunks[0].chunk.pageStart = 3
        content.chunks[0].chunk.pageEnd = 4
        var changes = StoreChanges()
        changes.documents = [content]
        try store.commit(changes, lock: lock)
        let reader = try Store(directory: directory, readOnly: true)
        let chunks = try reader.chunks(ofDocument: try #require(try reader.document(path: "/n/slides.pdf")).id)
        #expect(chunks.map(\.pageStart) == [3, nil] && chunks.map(\.pageEnd) == [4, nil])
        let hit = try #require(try reader.search(StoreTests.vector(0), k: 1).first)
        #expect(hit.chunk.pageStart == 3 && hit.chunk.pageEnd == 4)
    }
}
