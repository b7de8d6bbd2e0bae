import Foundation
import LLM
import Synchronization
import VectorIndex

/// Collects documents with their chunks and commits them to the store in batches of about
/// `chunksPerCommit` chunks, embedding only the chunk texts the store does not already have.
struct EmbeddingCommitter {
    let store: Store
    let embedder: Embedder
    let lock: WriteLock
    let chunksPerCommit: Int
    let meta: [String: String]
    let parallelism: Parallelism
    let shouldStop: @Sendable () -> Bool
    let progress: @Sendable (Int, Int) -> Void

    /// Chunks there may be to embed, for progress: as many as expected, or as queued so far when more.
    private var total: Int
    private var queued = 0
    private(set) var embedded = 0
    private(set) var reused = 0
    private(set) var embedSeconds = 0.0
    private var batch: [(content: DocumentContent, texts: [String])] = []
    private var batchChunks = 0

    init(
        store: Store, embedder: Embedder, lock: WriteLock, chunksPerCommit: Int, meta: [String: String],
        expected: Int = 0, parallelism: Parallelism = .everyCore, until shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (Int, Int) -> Void
    ) {
        total = expected
        self.store = store
        self.embedder = embedder
        self.lock = lock
        self.chunksPerCommit = chunksPerCommit
        self.meta = meta
        self.parallelism = parallelism
        self.shouldStop = shouldStop
        self.progress = progress
    }

    /// Queues `document` (new, or in place of stored document `replacing`) with its chunks.
    mutating func add(_ document: NewDocument, replacing: Int64? = nil, chunks: [Chunk]) throws {
        let texts = chunks.map(\.embeddedText)
        let stored = zip(chunks, texts).enumerated().map { ordinal, pair in
            (
                chunk: NewChunk(
                    ordinal: ordinal, heading: pair.0.heading, lineStart: pair.0.lineStart, lineEnd: pair.0.lineEnd,
                    pageStart: pair.0.pageStart, pageEnd: pair.0.pageEnd, text: pair.0.text, overlap: pair.0.overlap, tokenCount: pair.0.tokenCount, textHash: Hashing.sha256(pair.1)),
                vector: [Float]()
            )
        }
        batch.append((DocumentContent(document: document, replacing: replacing, chunks: stored), texts))
        batchChunks += stored.count
        queued += stored.count
        total = max(total, queued)
        if batchChunks >= chunksPerCommit { try flush() }
    }

    /// Embeds and commits what is queued; throws CancellationError, committing nothing, once `shouldStop` says so.
    mutating func flush() throws {
        guard !batch.isEmpty else { return }
        var vectors = try store.vectors(forTextHashes: Set(batch.flatMap { $0.content.chunks.map(\.chunk.textHash) }))
        var missing: [(hash: String, text: String)] = []
        var queued: Set<String> = []
        for entry in batch {
            for (i, (chunk, _)) in entry.content.chunks.enumerated() {
                if vectors[chunk.textHash] != nil {
                    reused += 1
                } else if queued.insert(chunk.textHash).inserted {
                    missing.append((chunk.textHash, entry.texts[i]))
                }
            }
        }
        let (before, total, progress) = (embedded, total, progress)
        let finished = Atomic(0)
        let start = Date()
        let fresh = try embedder.embed(
            tokenized: missing.map { embedder.tokenizer.encode($0.text) }, parallelism: parallelism,
            progress: { texts, _ in progress(before + finished.add(texts, ordering: .relaxed).newValue, total) },
            until: shouldStop)
        embedSeconds += Date().timeIntervalSince(start)
        for (entry, vector) in zip(missing, fresh) { vectors[entry.hash] = vector }
        embedded += missing.count

        var changes = StoreChanges()
        changes.documents = batch.map { entry in
            var content = entry.content
            content.chunks = content.chunks.map { ($0.chunk, vectors[$0.chunk.textHash]!) }
            return content
        }
        try store.commit(changes, meta: meta, lock: lock)
        batch = []
        batchChunks = 0
    }
}
