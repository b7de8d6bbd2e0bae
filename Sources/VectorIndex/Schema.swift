import GRDB

/// The store's SQLite schema, created and upgraded by numbered migrations.
///
/// Every chunk has its text in `chunks`, its words in `chunks_fts` (FTS5 over `chunks`, kept in step
/// by triggers) and its embedding in `vectors`, so that the FAISS file can always be rebuilt
/// from SQLite alone. Deleting a document deletes its chunks and vectors (foreign keys cascade).
enum Schema {
    /// The migrations; `creating` gives a new store's vector dimension and index kind, which the
    /// first migration records in the same transaction as the tables, so that a store is either
    /// complete or absent even if the process dies while creating it.
    static func migrator(creating: (dimension: Int, kind: IndexKind?)?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            guard let creating else { throw StoreError("the store was never completely created; run `rag ingest PATH`") }
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE documents (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL UNIQUE,
                        sha256 TEXT NOT NULL,
                        modified REAL NOT NULL,
                        size INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        format TEXT NOT NULL,
                        ingested_at REAL NOT NULL
                    );
                    CREATE INDEX documents_sha256 ON documents(sha256);
                    CREATE TABLE chunks (
                        id INTEGER PRIMARY KEY,
                        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        heading TEXT NOT NULL,
                        line_start INTEGER NOT NULL,
                        line_end INTEGER NOT NULL,
                        text TEXT NOT NULL,
                        overlap INTEGER NOT NULL,
                        token_count INTEGER NOT NULL,
                        text_hash TEXT NOT NULL
                    );
                    CREATE INDEX chunks_document ON chunks(document_id, ordinal);
                    CREATE INDEX chunks_text_hash ON chunks(text_hash);
                    CREATE TABLE vectors (
                        chunk_id INTEGER PRIMARY KEY NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
                        embedding BLOB NOT NULL
                    );
                    CREATE VIRTUAL TABLE chunks_fts USING fts5(
                        heading, text, content='chunks', content_rowid='id', tokenize='porter unicode61'
                    );
                    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
                        INSERT INTO chunks_fts(rowid, heading, text) VALUES (new.id, new.heading, new.text);
                    END;
                    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
                        INSERT INTO chunks_fts(chunks_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
                    END;
                    CREATE TRIGGER chunks_fts_update AFTER UPDATE ON chunks BEGIN
                        INSERT INTO chunks_fts(chunks_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
                        INSERT INTO chunks_fts(rowid, heading, text) VALUES (new.id, new.heading, new.text);
                    END;
                    """)
            let kind = [
                ("index_kind", (creating.kind ?? .flat).rawValue), (Store.indexChoiceKey, creating.kind == nil ? Store.bySize : Store.fixed),
            ]
            for (key, value) in [("generation", "0"), ("dimension", "\(creating.dimension)")] + kind {
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
        // Pages, for PDFs. Nullable, so that the chunks already stored (and chunks of formats
        // without pages) need no rewrite: adding a nullable column leaves every row as it is. The
        // first writer to open an older store runs it; a reader opens an older store as it is,
        // and rows without the columns decode as chunks without pages.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE chunks ADD COLUMN page_start INTEGER; ALTER TABLE chunks ADD COLUMN page_end INTEGER;")
        }
        // Conversations of `rag chat` and `POST /v1/chat`, with the notes each answer cited. A
        // source keeps its document's id without a foreign key, so that forgetting the note marks
        // the turns that cited it (the trigger) instead of erasing what was said.
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE conversations (
                        id INTEGER PRIMARY KEY,
                        started_at REAL NOT NULL,
                        scope TEXT NOT NULL
                    );
                    CREATE TABLE turns (
                        id INTEGER PRIMARY KEY,
                        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL,
                        question TEXT NOT NULL,
                        query TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        asked_at REAL NOT NULL
                    );
                    CREATE INDEX turns_conversation ON turns(conversation_id, ordinal);
                    CREATE TABLE turn_sources (
                        turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
                        n INTEGER NOT NULL,
                        document_id INTEGER NOT NULL,
                        path TEXT NOT NULL,
                        forgotten INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (turn_id, n)
                    );
                    CREATE INDEX turn_sources_document ON turn_sources(document_id);
                    CREATE TRIGGER turn_sources_forget AFTER DELETE ON documents BEGIN
                        UPDATE turn_sources SET forgotten = 1 WHERE document_id = old.id;
                    END;
                    """)
        }
        // The word index cut by `CJKPairTokenizer`, so that BM25 finds Chinese and Japanese text;
        // rebuilt from the chunks (the triggers of v1 keep writing to the table of this name).
        migrator.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    DROP TABLE chunks_fts;
                    CREATE VIRTUAL TABLE chunks_fts USING fts5(heading, text, content='chunks', content_rowid='id', tokenize='\(CJKPairTokenizer.name)');
                    INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild');
                    """)
        }
        return migrator
    }

    /// The migration that creates a store: until it is in, there is no store to read.
    static let first = "v1"

    /// The newest migration this store has had: what `rag stats` reports as its schema. A reader
    /// of an older store reads it as it is, so this may be older than the newest one rag knows.
    static func applied(_ db: Database) throws -> String {
        let migrator = migrator(creating: nil)
        let applied = try migrator.appliedIdentifiers(db)
        return migrator.migrations.last(where: applied.contains) ?? "none"
    }
}
