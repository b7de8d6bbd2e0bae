import Foundation
import LLM
import Testing
import VectorIndex

@testable import Ingest

/// A Word handout synced into a real store and then edited in its producer: only the chunks whose
/// text changed are embedded again.
@Suite(.serialized) struct OfficeSyncTests {
    @Test func anEditedDOCXEmbedsOnlyItsChangedChunks() throws {
        let root = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        let handout = notes.appendingPathComponent("handout.docx").path
        try FileManager.default.copyItem(atPath: OfficeFixtures.path("handout.docx"), toPath: handout)
        let embedder = try SyncTests.embedder.get()
        let directory = root.appendingPathComponent("store").path
        let store = try Store(directory: directory, creating: (embedder.dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        let ingestor = Ingestor(store: store, embedder: embedder)

        let first = try ingestor.sync([notes.path], lock: lock)
        #expect(first.added == 1 && first.warnings.isEmpty)
        let before = try store.chunks(ofDocument: try #require(try store.document(path: handout)).id)
        #expect(before.count >= 4)

        // The same handout with a paragraph added at its end, as pandoc wrote it.
        try FileManager.default.removeItem(atPath: handout)
        try FileManager.default.copyItem(atPath: OfficeFixtures.path("handout-edited.docx"), toPath: handout)
        let second = try ingestor.sync([notes.path], lock: lock)
        #expect(second.changed == 1)
        #expect(second.chunksEmbedded >= 1 && second.chunksEmbedded <= 2, "\(second.chunksEmbedded) embedded")
        #expect(second.chunksReused >= before.count - 1)
        let hit = try #require(try store.search(embedder.embed(["echo state networks train only the readout"])[0], k: 1).first)
        #expect(hit.chunk.text.contains("Echo state networks"))
        #expect(try store.verify().problems.isEmpty)
    }
}
