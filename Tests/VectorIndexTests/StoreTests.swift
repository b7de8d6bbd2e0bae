import Foundation
import GRDB
import Testing

@testable import VectorIndex

/// The store on real SQLite and FAISS files in a temporary folder, with small synthetic vectors.
@Suite struct StoreTests {
    static let dimension = 8

    /// A unit vector pointing mostly along axis `i % dimension`, so that each is its own nearest neighbour.
    static func vector(_ i: Int) -> [Float] {
        var v = (0..<dimension).map { Float(($0 * 7 + i * 3) % 5) * 0.01 }
        v[i % dimension] += 1
        v[(i / dimension) % dimension] += 0.3
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    static func content(_ path: String, chunks: Range<Int>, id: Int64? = nil) -> DocumentContent {
        DocumentContent(
            document: NewDocument(
                path: path, sha256: "sha-\(path)", modified: 1, size: 10, title: path, format: "markdown", ingestedAt: 2),
            replacing: id,
            chunks: chunks.map { i in
                (
                    NewChunk(
                        ordinal: i - chunks.lowerBound, heading: "H \(i)", lineStart: i + 1, lineEnd: i + 1,
                        text: "chunk number \(i) about topic\(i)", overlap: 0, tokenCount: 8, textHash: "hash-\(i)"),
                    vector(i)
                )
            })
    }

    func withStore(kind: IndexKind? = .flat, _ body: (Store, String, WriteLock) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(directory: directory, creating: (Self.dimension, kind))
        let lock = try WriteLock(directory: directory, wait: 0)
        try body(store, directory, lock)
    }

    func commit(_ store: Store, _ documents: [DocumentContent], removing: [Int64] = [], lock: WriteLock) throws {
        var changes = StoreChanges()
        changes.documents = documents
        changes.removals = removing
        try store.commit(changes, lock: lock)
    }

    @Test func committedChunksAreFoundAfterReopening() throws {
        try withStore { store, directory, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<3), Self.content("/n/b.md", chunks: 3..<5)], lock: lock)
            #expect(store.generation == 1)
            #expect(FileManager.default.fileExists(atPath: directory + "/index-00000001.faiss"))
            let reopened = try Store(directory: directory)
            let best = try #require(try reopened.search(Self.vector(4), k: 1).first)
            #expect(best.chunk.text == "chunk number 4 about topic4" && best.path == "/n/b.md")
            #expect(try reopened.verify().problems.isEmpty)
            let stats = try reopened.stats()
            #expect(stats.documents == 2 && stats.chunks == 5 && stats.vectors == 5 && stats.indexType == "flat")
        }
    }

    @Test(arguments: [IndexKind.flat, .hnsw])
    func replacedAndRemovedDocumentsLeaveNoTrace(kind: IndexKind) throws {
        try withStore(kind: kind) { store, _, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<3), Self.content("/n/b.md", chunks: 3..<6)], lock: lock)
            let a = try #require(try store.document(path: "/n/a.md"))
            let b = try #require(try store.document(path: "/n/b.md"))
            try commit(store, [Self.content("/n/a.md", chunks: 10..<12, id: a.id)], removing: [b.id], lock: lock)
            #expect(try store.documents().map(\.path) == ["/n/a.md"])
            #expect(try store.chunks(ofDocument: a.id).map(\.text) == ["chunk number 10 about topic10", "chunk number 11 about topic11"])
            let hits = try store.search(Self.vector(4), k: 10)
            #expect(hits.count == 2 && hits.allSatisfy { $0.path == "/n/a.md" })
            #expect(try store.verify().problems.isEmpty)
            let words = try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'topic4'") }
            #expect(words == 0)
        }
    }

    /// A store made without a kind starts flat, switches to HNSW when it reaches `hnswFrom`
    /// vectors, and goes back to flat only below three quarters of that; a kind set by
    /// `rebuild` stays whatever the size.
    @Test func aStoreChoosesItsIndexBySizeUntilOneIsSet() throws {
        try withStore(kind: nil) { store, directory, lock in
            let line = IndexKind.hnswFrom
            try commit(store, [Self.content("/n/a.md", chunks: 0..<(line - 1))], lock: lock)
            #expect(store.indexKind == .flat && store.indexBySize)
            try commit(store, [Self.content("/n/b.md", chunks: (line - 1)..<line)], lock: lock)
            #expect(store.indexKind == .hnsw)
            let reopened = try Store(directory: directory)
            #expect(reopened.indexKind == .hnsw && reopened.indexBySize)
            #expect(try reopened.stats().indexChoice == "size")
            #expect(try reopened.verify().problems.isEmpty)

            let b = try #require(try store.document(path: "/n/b.md"))
            try commit(store, [], removing: [b.id], lock: lock)
            #expect(store.indexKind == .hnsw, "one vector below the line is not enough to go back")
            let a = try #require(try store.document(path: "/n/a.md"))
            try commit(store, [Self.content("/n/a.md", chunks: 0..<10, id: a.id)], lock: lock)
            #expect(store.indexKind == .flat)
            #expect(try store.search(Self.vector(3), k: 1).first?.chunk.text == "chunk number 3 about topic3")
            #expect(try store.verify().problems.isEmpty)

            try store.rebuild(kind: .hnsw, lock: lock)
            try commit(store, [Self.content("/n/c.md", chunks: 100..<105)], lock: lock)
            #expect(store.indexKind == .hnsw && !store.indexBySize)
            #expect(try Store(directory: directory).stats().indexChoice == "fixed")
            try store.rebuild(kind: nil, lock: lock)
            #expect(store.indexKind == .flat && store.indexBySize)
        }
    }

    @Test func ivfIsTrainedFromTheStoredVectors() throws {
        try withStore(kind: .ivf) { store, directory, lock in
            try commit(store, (0..<10).map { Self.content("/n/\($0).md", chunks: ($0 * 40)..<($0 * 40 + 40)) }, lock: lock)
            try store.rebuild(kind: .ivf, lock: lock)
            let reopened = try Store(directory: directory)
            #expect(reopened.indexKind == .ivf)
            #expect(try reopened.verify().problems.isEmpty)
            #expect(try reopened.search(Self.vector(17), k: 1).count == 1)
        }
    }

    @Test func aMissingIndexFileIsRebuiltFromTheVectorsWithANotice() throws {
        try withStore { store, directory, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<4)], lock: lock)
            try FileManager.default.removeItem(atPath: directory + "/index-00000001.faiss")
            var notices: [String] = []
            let reopened = try Store(directory: directory, notice: { notices.append($0) })
            #expect(notices.count == 1 && notices[0].contains("rebuilt"))
            // Answers come from the rebuilt index, but the store on disk is not as committed.
            #expect(try reopened.verify().problems.contains { $0.contains("index-00000001.faiss") })
            #expect(try reopened.search(Self.vector(2), k: 1).first?.chunk.text == "chunk number 2 about topic2")
            try reopened.repairIndexFile(lock: lock)
            #expect(FileManager.default.fileExists(atPath: directory + "/index-00000001.faiss"))
            #expect(try Store(directory: directory).verify().problems.isEmpty)
        }
    }

    /// A reader holds the file it opened in memory: a commit leaves only its own generation's file.
    @Test func aCommitDeletesOlderIndexFiles() throws {
        try withStore { store, directory, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<2)], lock: lock)
            let reader = try Store(directory: directory, readOnly: true)
            try commit(store, [Self.content("/n/b.md", chunks: 2..<4)], lock: lock)
            try store.rebuild(kind: .flat, lock: lock)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("index-") }
            #expect(files == ["index-00000003.faiss"])
            #expect(try reader.search(Self.vector(1), k: 1).first?.chunk.text == "chunk number 1 about topic1")
        }
    }

    /// A reader saves an index it rebuilt when it can take the write lock at once, so that the next
    /// reader does not rebuild it again; while a writer holds the lock, it leaves that to the writer.
    @Test func aReaderSavesARebuiltIndexWhenNoWriterIsAtWork() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/index-00000001.faiss"
        do {
            let store = try Store(directory: directory, creating: (Self.dimension, .flat))
            let lock = try WriteLock(directory: directory, wait: 0)
            try commit(store, [Self.content("/n/a.md", chunks: 0..<4)], lock: lock)
            try FileManager.default.removeItem(atPath: file)
            try Store(directory: directory, readOnly: true).saveRebuiltIndexIfUnlocked()
            #expect(!FileManager.default.fileExists(atPath: file))
        }
        var notices: [String] = []
        let reader = try Store(directory: directory, readOnly: true, notice: { notices.append($0) })
        #expect(notices.count == 1 && reader.indexFileProblem != nil)
        reader.saveRebuiltIndexIfUnlocked()
        #expect(FileManager.default.fileExists(atPath: file) && reader.indexFileProblem == nil)
        notices = []
        #expect(try Store(directory: directory, readOnly: true, notice: { notices.append($0) }).verify().problems.isEmpty)
        #expect(notices.isEmpty)
    }

    /// A crash after the FAISS file of the next generation was written but before SQLite committed it.
    @Test func aNewerIndexFileWithoutItsCommitIsIgnored() throws {
        try withStore { store, directory, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<2)], lock: lock)
            try Data("half-written".utf8).write(to: URL(fileURLWithPath: directory + "/index-00000002.faiss"))
            try Data("torn".utf8).write(to: URL(fileURLWithPath: directory + "/index-00000003.faiss.tmp"))
            var notices: [String] = []
            let reopened = try Store(directory: directory, notice: { notices.append($0) })
            #expect(notices.isEmpty && reopened.generation == 1)
            try commit(reopened, [Self.content("/n/b.md", chunks: 2..<3)], lock: lock)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("index-") }.sorted()
            #expect(files == ["index-00000002.faiss"])
            #expect(try reopened.verify().problems.isEmpty)
        }
    }

    @Test func aFailedCommitChangesNothing() throws {
        try withStore { store, _, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<2)], lock: lock)
            // A second new document at the same path breaks the UNIQUE constraint mid-transaction.
            #expect(throws: (any Error).self) {
                try commit(store, [Self.content("/n/b.md", chunks: 5..<7), Self.content("/n/a.md", chunks: 7..<9)], lock: lock)
            }
            #expect(store.generation == 1)
            #expect(try store.documents().map(\.path) == ["/n/a.md"])
            #expect(try store.verify().problems.isEmpty)
            #expect(try store.search(Self.vector(5), k: 5).count == 2)
        }
    }

    @Test func verifyFindsEveryKindOfDisagreement() throws {
        try withStore { store, _, lock in
            try commit(store, [Self.content("/n/a.md", chunks: 0..<3)], lock: lock)
            try store.database.write { db in
                try db.execute(sql: "DELETE FROM vectors WHERE chunk_id = (SELECT min(chunk_id) FROM vectors)")
                try db.execute(sql: "INSERT INTO chunks_fts(chunks_fts, rowid, heading, text) SELECT 'delete', id, heading, text FROM chunks WHERE ordinal = 2")
            }
            let problems = try store.verify().problems
            #expect(problems.contains { $0.contains("not in the vectors table") })
            #expect(problems.contains { $0.contains("not in the word index") })
            #expect(problems.contains { $0.contains("FAISS ids not in the vectors table") })
        }
    }

    @Test func aSecondWriterWaitsThenGivesUpNamingTheHolder() throws {
        try withStore { _, directory, _ in
            let start = Date()
            var waited: String?
            #expect {
                _ = try WriteLock(directory: directory, wait: 0.5) { waited = $0 }
            } throws: { error in
                "\(error)".contains("pid \(getpid())") && "\(error)".contains("--wait")
            }
            #expect(waited == "pid \(getpid())")
            #expect(Date().timeIntervalSince(start) >= 0.5)
        }
    }

    @Test func theLockIsFreeAgainWhenItsHolderEnds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do { _ = try WriteLock(directory: directory, wait: 0) }
        _ = try WriteLock(directory: directory, wait: 0)
    }

    @Test func openingAMissingStoreSaysWhatToDo() {
        #expect { _ = try Store(directory: "/nonexistent/store") } throws: { "\($0)".contains("rag ingest") }
    }
}
