import Dispatch
import Foundation
public import LLM
public import VectorIndex
import Synchronization

/// Syncs a store with folders of notes: new files are added, changed ones re-read (reusing the
/// embedding of every chunk whose text did not change), deleted ones removed, moved ones renamed
/// without re-embedding. Work is committed in batches, so an interrupted run keeps what it finished
/// and the next run picks up the rest.
public struct Ingestor: Sendable {
    public let store: Store
    public let embedder: Embedder
    public var scanner = NoteScanner()
    /// Chunks per commit: each commit rewrites the FAISS file, so not too few; an interruption
    /// loses at most one batch, so not too many.
    public var chunksPerCommit = 2048
    /// What the store records of the embedder (see `Hashing.embedderMeta`).
    let embedderMeta: [String: String]

    /// Progress of the two long stages, each as (done, total).
    public struct Progress: Sendable {
        public var reading: @Sendable (Int, Int) -> Void = { _, _ in }
        public var embedding: @Sendable (Int, Int) -> Void = { _, _ in }
        public init() {}
    }

    public init(store: Store, embedder: Embedder, embedderDirectory: String = ModelCache.embedderDirectory) {
        self.store = store
        self.embedder = embedder
        embedderMeta = Hashing.embedderMeta(directory: embedderDirectory)
    }

    /// What a sync of `paths` would do, without doing it.
    public static func plan(_ paths: [String], store: Store?, scanner: NoteScanner = NoteScanner()) throws -> IngestReport {
        let scan = scanner.scan(paths)
        let plan = SyncPlan(scan: scan, roots: paths.map(NoteScanner.absolute), stored: try store?.documents() ?? [])
        var report = IngestReport()
        scan.warnings.forEach { report.warn($0) }
        report.added = plan.added.count
        report.changed = plan.changed.count
        report.renamed = plan.renamed.count
        report.removed = plan.removed.count
        report.unchanged = plan.unchanged
        report.plan =
            plan.added.map { .init(path: $0.path, action: "add", from: nil) }
            + plan.changed.map { .init(path: $0.file.path, action: "update", from: nil) }
            + plan.renamed.map { .init(path: $0.file.path, action: "rename", from: $0.stored.path) }
            + plan.removed.map { .init(path: $0.path, action: "remove", from: nil) }
        return report
    }

    /// Refuses to add vectors from another model to a store: they would not be comparable.
    func checkEmbedder() throws {
        if let recorded = try store.meta("model.embedder_fingerprint"), recorded != embedderMeta["model.embedder_fingerprint"] {
            throw StoreError(
                "this store's vectors come from a different embedder model; run `rag rebuild --reembed` to embed everything again")
        }
    }

    public func sync(_ paths: [String], lock: WriteLock, progress: Progress = Progress()) throws -> IngestReport {
        let started = Date()
        try checkEmbedder()
        let scan = scanner.scan(paths)
        let plan = SyncPlan(scan: scan, roots: paths.map(NoteScanner.absolute), stored: try store.documents())
        var report = IngestReport()
        scan.warnings.forEach { report.warn($0) }
        report.unchanged = plan.unchanged
        let meta = embedderMeta

        // Removals and renames first: cheap, and they free paths that new files may take.
        var moves = StoreChanges()
        moves.removals = plan.removed.compactMap(\.id)
        moves.renames = plan.renamed.map { Rename(id: $0.stored.id!, path: $0.file.path, modified: $0.file.modified) }
        if !moves.isEmpty { try store.commit(moves, meta: meta, lock: lock) }
        report.removed = plan.removed.count
        report.renamed = plan.renamed.count

        let work = plan.added.map { ($0, nil as StoredDocument?) } + plan.changed.map { ($0.file, $0.stored as StoredDocument?) }
        let parsed = read(work.map(\.0), progress: progress.reading)
        var committer = EmbeddingCommitter(
            store: store, embedder: embedder, lock: lock, chunksPerCommit: chunksPerCommit, meta: meta,
            total: parsed.reduce(0) { $0 + $1.chunks.count }, progress: progress.embedding)
        for ((file, stored), note) in zip(work, parsed) {
            if let warning = note.warning { report.warn(warning) }
            guard let document = note.document else {
                report.failed += 1  // a changed file that cannot be read keeps its last good version
                continue
            }
            if stored == nil { report.added += 1 } else { report.changed += 1 }
            let record = StoredDocument(
                id: stored?.id, path: file.path, sha256: note.sha256, modified: file.modified, size: note.size,
                title: document.title, format: document.format.rawValue, ingestedAt: Date().timeIntervalSince1970)
            try committer.add(record, chunks: note.chunks)
        }
        try committer.flush()
        report.chunksEmbedded = committer.embedded
        report.chunksReused = committer.reused
        report.embedSeconds = committer.embedSeconds
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// A file read, parsed and chunked, with the hash and size of the bytes actually read.
    private struct ParsedFile: Sendable {
        var document: Document?
        var warning: IngestWarning?
        var chunks: [Chunk] = []
        var sha256 = ""
        var size = 0
    }

    /// Reads, parses and chunks files on every core, keeping their order.
    private func read(_ files: [ScannedFile], progress: @Sendable (Int, Int) -> Void) -> [ParsedFile] {
        let chunker = Chunker(tokenizer: embedder.tokenizer)
        let results = Mutex([ParsedFile?](repeating: nil, count: files.count))
        let done = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let file = files[i]
            var parsed = ParsedFile()
            do throws(IngestWarning) {
                let bytes = try FileReading.read(file.path)
                let note = NoteReader.parse(bytes, path: file.path, format: file.format)
                parsed.document = note.document
                parsed.warning = note.warning
                parsed.chunks = note.document.map(chunker.chunks) ?? []
                parsed.sha256 = Hashing.sha256(bytes)
                parsed.size = bytes.count
            } catch {
                parsed.warning = error
            }
            results.withLock { $0[i] = parsed }
            progress(done.add(1, ordering: .relaxed).newValue, files.count)
        }
        return results.withLock { $0.map { $0! } }
    }
}

extension Ingestor {
    /// Adds documents that do not come from files of their own (records of a benchmark corpus, say),
    /// skipping those whose path the store already has. Returns how many chunks were embedded.
    public func add(_ documents: [Document], lock: WriteLock, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> Int {
        try checkEmbedder()
        let known = Set(try store.documents().map(\.path))
        let fresh = documents.filter { !known.contains($0.path) }
        let chunker = Chunker(tokenizer: embedder.tokenizer)
        let chunked = fresh.map(chunker.chunks)
        var committer = EmbeddingCommitter(
            store: store, embedder: embedder, lock: lock, chunksPerCommit: chunksPerCommit, meta: embedderMeta,
            total: chunked.reduce(0) { $0 + $1.count }, progress: progress)
        for (document, chunks) in zip(fresh, chunked) {
            let text = document.sections.map(\.text).joined(separator: "\n\n")
            let record = StoredDocument(
                path: document.path, sha256: Hashing.sha256(text), modified: 0, size: text.utf8.count, title: document.title,
                format: document.format.rawValue, ingestedAt: Date().timeIntervalSince1970)
            try committer.add(record, chunks: chunks)
        }
        try committer.flush()
        return committer.embedded
    }
}
