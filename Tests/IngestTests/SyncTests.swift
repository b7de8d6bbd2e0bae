import Foundation
import LLM
import Testing
import VectorIndex

@testable import Ingest

/// `Ingestor.sync` on a real store (SQLite and FAISS files) with the real embedder, over a copy of
/// part of corpora/ that the tests edit, move and delete.
@Suite(.serialized) struct SyncTests {
    static let embedder = Result { try Embedder() }
    static let files = [
        "week01-foundations/bias-variance.md", "week02-linear-models/regularisation.markdown",
        "week03-neural-networks/cnns.html", "week05-attention-transformers/attention.md",
        "exports/flashcards.jsonl", "labs/lab-instructions.md",
    ]

    /// A folder of notes and a store beside it, both removed afterwards.
    struct Workspace {
        let notes: String
        let store: Store
        let lock: WriteLock
        let ingestor: Ingestor

        func sync() throws -> IngestReport { try ingestor.sync([notes], lock: lock) }

        func write(_ relative: String, _ text: String) throws {
            try text.write(toFile: notes + "/" + relative, atomically: true, encoding: .utf8)
        }
    }

    func withWorkspace(_ body: (Workspace) throws -> Void) throws {
        let root = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = root.appendingPathComponent("notes").path
        for file in Self.files {
            let target = notes + "/" + file
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Corpus.notes.path + "/" + file, toPath: target)
        }
        let embedder = try Self.embedder.get()
        let directory = root.appendingPathComponent("store").path
        let store = try Store(directory: directory, creating: (embedder.dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        try body(Workspace(notes: notes, store: store, lock: lock, ingestor: Ingestor(store: store, embedder: embedder)))
    }

    @Test func reingestingAnUnchangedFolderEmbedsNothing() throws {
        try withWorkspace { space in
            let first = try space.sync()
            #expect(first.added == Self.files.count && first.chunksEmbedded > 20 && first.warnings.isEmpty)
            let second = try space.sync()
            #expect(second.unchanged == Self.files.count && second.chunksEmbedded == 0 && second.added == 0)
            #expect(try space.store.verify().problems.isEmpty)
        }
    }

    @Test func anEditedFileEmbedsOnlyItsChangedChunks() throws {
        try withWorkspace { space in
            _ = try space.sync()
            let path = "week05-attention-transformers/attention.md"
            let chunksBefore = try space.store.chunks(ofDocument: try #require(try space.store.document(path: space.notes + "/" + path)).id)
            let original = try String(contentsOfFile: space.notes + "/" + path, encoding: .utf8)
            try space.write(path, original + "\n## Afterword\n\nMulti-query attention shares one key and value head across all query heads.\n")
            let report = try space.sync()
            #expect(report.changed == 1 && report.unchanged == Self.files.count - 1)
            #expect(report.chunksEmbedded >= 1 && report.chunksEmbedded <= 2)
            #expect(report.chunksReused >= chunksBefore.count - 1)
            let hit = try #require(try space.store.search(try Self.embedder.get().embed(["multi-query attention shares key and value heads"])[0], k: 1).first)
            #expect(hit.chunk.text.contains("Multi-query attention"))
            #expect(try space.store.verify().problems.isEmpty)
        }
    }

    @Test func aDeletedFileLeavesTheStoreAndSearch() throws {
        try withWorkspace { space in
            _ = try space.sync()
            let path = space.notes + "/exports/flashcards.jsonl"
            try FileManager.default.removeItem(atPath: path)
            let report = try space.sync()
            #expect(report.removed == 1)
            #expect(try space.store.document(path: path) == nil)
            let query = try Self.embedder.get().embed(["flashcard question and answer"])[0]
            #expect(try space.store.search(query, k: 1000).allSatisfy { $0.path != path })
            #expect(try space.store.verify().problems.isEmpty)
        }
    }

    @Test func aMovedFileKeepsItsEmbeddings() throws {
        try withWorkspace { space in
            _ = try space.sync()
            let chunks = try space.store.stats().chunks
            try FileManager.default.createDirectory(atPath: space.notes + "/archive", withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: space.notes + "/labs/lab-instructions.md", toPath: space.notes + "/archive/lab.md")
            let report = try space.sync()
            #expect(report.renamed == 1 && report.removed == 0 && report.added == 0 && report.chunksEmbedded == 0)
            #expect(try space.store.document(path: space.notes + "/archive/lab.md") != nil)
            #expect(try space.store.stats().chunks == chunks)
        }
    }

    @Test func aDryRunChangesNothing() throws {
        try withWorkspace { space in
            _ = try space.sync()
            try FileManager.default.removeItem(atPath: space.notes + "/week01-foundations/bias-variance.md")
            try space.write("new.md", "# New\n\nFresh notes.\n")
            let generation = space.store.generation
            let plan = try Ingestor.plan([space.notes], store: space.store)
            #expect(plan.added == 1 && plan.removed == 1)
            #expect(Set(plan.plan?.map(\.action) ?? []) == ["add", "remove"])
            #expect(space.store.generation == generation)
            #expect(try space.store.documents().count == Self.files.count)
        }
    }

    @Test func aFileThatBecomesUnreadableKeepsItsLastGoodVersion() throws {
        try withWorkspace { space in
            _ = try space.sync()
            let path = space.notes + "/exports/flashcards.jsonl"
            try Data("{\"front\": broken".utf8).write(to: URL(fileURLWithPath: path))
            let report = try space.sync()
            #expect(report.failed == 1 && report.warnings.contains { $0.path == path })
            let document = try #require(try space.store.document(path: path))
            #expect(try !space.store.chunks(ofDocument: document.id).isEmpty)
        }
    }

    @Test func vectorsFromAnotherModelAreRefused() throws {
        try withWorkspace { space in
            _ = try space.sync()
            var changes = StoreChanges()
            changes.renames = []
            try space.store.commit(changes, meta: ["model.embedder_fingerprint": "another model"], lock: space.lock)
            #expect { _ = try space.sync() } throws: { "\($0)".contains("rebuild --reembed") }
        }
    }
}
