import Foundation
import Synchronization
public import LLM
public import VectorIndex

/// Store upkeep that needs more than the store itself: files, hashing, the embedder.
public enum Maintenance {
    /// A stored document whose file is no longer what was ingested.
    public struct StaleFile: Sendable, Encodable {
        public let path: String
        /// "changed" or "missing".
        public let state: String
    }

    /// Stored documents whose file changed or disappeared since ingest. Size and time are
    /// compared first; a file hashes only when they differ, and counts as changed only when its content does.
    public static func staleFiles(in store: Store) throws -> [StaleFile] {
        try store.documents().compactMap { document in
            guard let status = try? FileReading.status(document.path), status.isRegularFile else {
                return StaleFile(path: document.path, state: "missing")
            }
            if status.size == document.size && status.modified == document.modified { return nil }
            guard let bytes = try? FileReading.read(document.path) else { return StaleFile(path: document.path, state: "missing") }
            return Hashing.sha256(bytes) == document.sha256 ? nil : StaleFile(path: document.path, state: "changed")
        }
    }

    /// Removes the documents at `paths`, or under them for folders; returns the paths removed.
    public static func forget(_ paths: [String], in store: Store, lock: WriteLock) throws -> [String] {
        let roots = paths.map(NoteScanner.absolute)
        let doomed = try store.documents().filter { document in
            roots.contains { document.path == $0 || document.path.hasPrefix($0 + "/") }
        }
        var changes = StoreChanges()
        changes.removals = doomed.compactMap(\.id)
        if !changes.isEmpty { try store.commit(changes, lock: lock) }
        return doomed.map(\.path)
    }

    /// Embeds every stored chunk again (after a model change) and rebuilds the index from the new vectors.
    public static func reembed(
        _ store: Store, embedder: Embedder, embedderDirectory: String = ModelCache.embedderDirectory, lock: WriteLock,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws -> Int {
        var ids: [Int64] = []
        var sequences: [[Int32]] = []
        for document in try store.documents() {
            for chunk in try store.chunks(ofDocument: document.id) {
                ids.append(chunk.id)
                sequences.append(embedder.tokenizer.encode(Chunk.embeddedText(heading: chunk.heading, text: chunk.text)))
            }
        }
        let done = Atomic(0)
        let total = ids.count
        let vectors = embedder.embed(tokenized: sequences) { texts, _ in
            progress(done.add(texts, ordering: .relaxed).newValue, total)
        }
        try store.replaceVectors(
            Dictionary(uniqueKeysWithValues: zip(ids, vectors)),
            meta: Hashing.embedderMeta(directory: embedderDirectory),
            lock: lock)
        return ids.count
    }

    /// What `rag verify` reports: the store's own consistency (see `Store.verify`) and the notes
    /// that changed or went missing since they were ingested.
    public struct VerifyReport: Encodable, Sendable {
        public let ok: Bool
        public let problems: [String]
        public let notes: [String]
        public let chunks: Int
        public let vectors: Int
        public let indexed: Int
        /// Vectors searched for themselves with `deep`.
        public let sampled: Int
        public let staleFiles: [StaleFile]
    }

    public static func verify(_ store: Store, deep: Bool) throws -> VerifyReport {
        let verification = try store.verify(deep: deep)
        return VerifyReport(
            ok: verification.problems.isEmpty, problems: verification.problems, notes: verification.notes, chunks: verification.chunks,
            vectors: verification.vectors, indexed: verification.indexed, sampled: verification.sampled, staleFiles: try staleFiles(in: store))
    }
}
