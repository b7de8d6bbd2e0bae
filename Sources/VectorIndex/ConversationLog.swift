import Foundation
import GRDB

/// A conversation as `rag chat --list` shows it.
public struct ConversationSummary: Sendable, Encodable {
    public let id: Int64
    public let startedAt: Double
    public let turns: Int
    public let firstQuestion: String
    /// The folders or path prefixes it kept to; empty for all the notes.
    public let scope: [String]
}

/// One kept turn: the question, what it was searched as, and the answer as JSON (`rag ask
/// --json`'s shape); `forgotten` lists the sources whose note has since been forgotten.
public struct StoredTurn: Sendable {
    public let question: String
    public let query: String
    public let answer: String
    public let askedAt: Double
    public let forgotten: [Int]
}

/// The conversations kept in the store's SQLite (schema v3): started, added to turn by turn, listed and
/// resumed. Turns are written without the store's write lock, which guards generations of the
/// index; SQLite's own locking keeps them apart from a commit in progress.
public final class ConversationLog: Sendable {
    private let database: DatabaseQueue

    /// The log of the store in `directory`. An older store gets the conversation tables first,
    /// under the write lock as any upgrade; a store this user cannot write keeps no conversations.
    public init(directory: String) throws {
        guard Store.exists(at: directory) else { throw StoreError.missing(directory) }
        let path = directory + "/" + Store.databaseName
        guard access(path, W_OK) == 0 else { throw StoreError.readOnly(directory, "\(path): conversations cannot be kept") }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        database = try DatabaseQueue(path: path, configuration: configuration.withRagTokenizer())
        let migrator = Schema.migrator(creating: nil)
        if try database.read({ try !migrator.hasCompletedMigrations($0) }) {
            let lock = try WriteLock(directory: directory, wait: 30)
            try migrator.migrate(database)
            _ = lock
        }
    }

    /// A new conversation keeping to `scope` (empty for all the notes); its id.
    public func start(scope: [String]) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO conversations(started_at, scope) VALUES (?, ?)",
                arguments: [Date().timeIntervalSince1970, String(decoding: try JSONEncoder().encode(scope), as: UTF8.self)])
            return db.lastInsertedRowID
        }
    }

    /// Adds a turn to conversation `id`; `sources` are the answer's citations by number, each
    /// with the chunks it cites (the first one names its note).
    public func add(to id: Int64, question: String, query: String, answer: String, sources: [(n: Int, chunkIDs: [Int64])]) throws {
        try database.write { db in
            let ordinal = try Int.fetchOne(db, sql: "SELECT count(*) FROM turns WHERE conversation_id = ?", arguments: [id]) ?? 0
            try db.execute(
                sql: "INSERT INTO turns(conversation_id, ordinal, question, query, answer, asked_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, ordinal, question, query, answer, Date().timeIntervalSince1970])
            let turn = db.lastInsertedRowID
            for source in sources {
                guard let chunk = source.chunkIDs.first,
                    let row = try Row.fetchOne(
                        db, sql: "SELECT documents.id, documents.path FROM chunks JOIN documents ON documents.id = chunks.document_id WHERE chunks.id = ?",
                        arguments: [chunk])
                else { continue }
                try db.execute(
                    sql: "INSERT INTO turn_sources(turn_id, n, document_id, path) VALUES (?, ?, ?, ?)", arguments: [turn, source.n, row[0] as Int64, row[1] as String])
            }
        }
    }

    /// Every conversation, the newest first.
    public func list() throws -> [ConversationSummary] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT conversations.id, started_at, scope, count(turns.id) AS turns,
                        (SELECT question FROM turns AS first WHERE first.conversation_id = conversations.id ORDER BY ordinal LIMIT 1) AS first_question
                    FROM conversations LEFT JOIN turns ON turns.conversation_id = conversations.id
                    GROUP BY conversations.id ORDER BY started_at DESC, conversations.id DESC
                    """
            ).map { row in
                ConversationSummary(
                    id: row["id"], startedAt: row["started_at"], turns: row["turns"], firstQuestion: row["first_question"] ?? "",
                    scope: Self.scope(row["scope"]))
            }
        }
    }

    /// The scope and turns of conversation `id`, oldest first; nil when there is none.
    public func conversation(_ id: Int64) throws -> (scope: [String], turns: [StoredTurn])? {
        try database.read { db in
            guard let scope = try String.fetchOne(db, sql: "SELECT scope FROM conversations WHERE id = ?", arguments: [id]) else { return nil }
            let turns = try Row.fetchAll(
                db,
                sql: """
                    SELECT question, query, answer, asked_at,
                        (SELECT group_concat(n) FROM turn_sources WHERE turn_id = turns.id AND forgotten = 1) AS forgotten
                    FROM turns WHERE conversation_id = ? ORDER BY ordinal
                    """,
                arguments: [id]
            ).map { row in
                StoredTurn(
                    question: row["question"], query: row["query"], answer: row["answer"], askedAt: row["asked_at"],
                    forgotten: ((row["forgotten"] as String?) ?? "").split(separator: ",").compactMap { Int($0) }.sorted())
            }
            return (Self.scope(scope), turns)
        }
    }

    private static func scope(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}
