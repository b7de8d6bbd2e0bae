import Foundation
import LLM
import VectorIndex

/// A real store in a temporary folder holding one short note per text, as /notes/<i>.md.
enum NotesStore {
    static func with(_ texts: [String], heading: (Int) -> String = { _ in "" }, _ body: (Store, Embedder) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-notes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let embedder = try Embedder()
        let store = try Store(directory: directory, creating: (embedder.dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        var changes = StoreChanges()
        changes.documents = zip(texts, embedder.embed(texts)).enumerated().map { i, pair in
            DocumentContent(
                document: NewDocument(path: "/notes/\(i).md", sha256: "\(i)", modified: 0, size: 1, title: "n\(i)", format: "markdown", ingestedAt: 0),
                chunks: [
                    (NewChunk(ordinal: 0, heading: heading(i), lineStart: 1, lineEnd: 1, text: pair.0, overlap: 0, tokenCount: 30, textHash: "\(i)"), pair.1)
                ])
        }
        try store.commit(changes, lock: lock)
        try body(store, embedder)
    }
}
