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
    /// Bytes of notes read and parsed at a time: a slice's text and chunks are held until they are
    /// committed, so a sync of a huge tree holds a bounded part of it in memory.
    public var bytesPerSlice = 64 << 20
    /// How reading and embedding spread over the machine (a server syncs on one thread of its own).
    public var parallelism = Parallelism.everyCore
    /// Asked at every file and every embedding batch: once it says so, the sync throws
    /// CancellationError, keeping the commits it made (each a whole generation) and nothing else.
    public var shouldStop: @Sendable () -> Bool = { false }
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
    /// The ingestor of the store in `directory`, for the holder of `lock`: the one way every writer
    /// (`rag ingest`, `/v1/ingest`, `rag eval beir`) opens a store. A missing store is made with an
    /// index of `kind` (nil: chosen by size); an index file found damaged is rebuilt and written back at once.
    public init(directory: String, lock: WriteLock, embedder: Embedder, kind: IndexKind? = nil, notice: (String) -> Void = { _ in }) throws {
        let store = try Store(directory: directory, creating: (embedder.dimension, kind), lock: lock, notice: notice)
        self.init(store: store, embedder: embedder)
    }

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
        let scan = scanner.scan(paths, until: shouldStop)
        // A scan cut short misses files: the plan would take them for removed.
        if shouldStop() { throw CancellationError() }
        let plan = SyncPlan(scan: scan, roots: paths.map(NoteScanner.absolute), stored: try store.documents())
        var report = IngestReport()
        scan.warnings.forEach { report.warn($0) }
        report.unchanged = plan.unchanged
        let meta = embedderMeta

        // Removals and renames first: cheap, and they free paths that new files may take.
        var moves = StoreChanges()
        moves.removals = plan.removed.map(\.id)
        moves.renames = plan.renamed.map { Rename(id: $0.stored.id, path: $0.file.path, modified: $0.file.modified) }
        if !moves.isEmpty { try store.commit(moves, meta: meta, lock: lock) }
        report.removed = plan.removed.count
        report.renamed = plan.renamed.count

        let work = plan.added.map { ($0, nil as StoredDocument?) } + plan.changed.map { ($0.file, $0.stored as StoredDocument?) }
        var committer = EmbeddingCommitter(
            store: store, embedder: embedder, lock: lock, chunksPerCommit: chunksPerCommit, meta: meta,
            parallelism: parallelism, until: shouldStop, progress: progress.embedding)
        for slice in Self.slices(of: work.map(\.0.size), bytes: bytesPerSlice) {
            let parsed = try read(work[slice].map(\.0), first: slice.lowerBound, of: work.count, progress: progress.reading)
            for ((file, stored), note) in zip(work[slice], parsed) {
                if let warning = note.warning { report.warn(warning) }
                guard let document = note.document else {
                    report.failed += 1  // a changed file that cannot be read keeps its last good version
                    continue
                }
                if stored == nil { report.added += 1 } else { report.changed += 1 }
                let record = NewDocument(
                    path: file.path, sha256: note.sha256, modified: file.modified, size: note.size,
                    title: document.title, format: document.format.rawValue, ingestedAt: Date().timeIntervalSince1970)
                try committer.add(record, replacing: stored?.id, chunks: note.chunks)
            }
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

    /// Consecutive ranges of files of about `bytes` bytes together (a larger file alone).
    static func slices(of sizes: [Int], bytes: Int) -> [Range<Int>] {
        var slices: [Range<Int>] = []
        var start = 0
        var total = 0
        for (i, size) in sizes.enumerated() {
            if i > start && total + size > bytes {
                slices.append(start..<i)
                (start, total) = (i, 0)
            }
            total += size
        }
        if start < sizes.count { slices.append(start..<sizes.count) }
        return slices
    }

    /// Reads, parses and chunks files as `parallelism` says, keeping their order. `files` are
    /// numbers `first...` of `total` for progress.
    private func read(_ files: [ScannedFile], first: Int, of total: Int, progress: @Sendable (Int, Int) -> Void) throws -> [ParsedFile] {
        let chunker = Chunker(tokenizer: embedder.tokenizer)
        let results = Mutex([ParsedFile?](repeating: nil, count: files.count))
        let done = Atomic(first)
        parallelism.forEach(files.count) { i in
            guard !shouldStop() else { return }
            let file = files[i]
            var parsed = ParsedFile()
            do throws(IngestWarning) {
                let bytes = try FileReading.read(file.path)
                let note = NoteReader.parse(bytes, path: file.path, format: file.format, parallelism: parallelism)
                parsed.document = note.document
                parsed.warning = note.warning
                parsed.chunks = note.document.map(chunker.chunks) ?? []
                parsed.sha256 = Hashing.sha256(bytes)
                parsed.size = bytes.count
            } catch {
                parsed.warning = error
            }
            results.withLock { $0[i] = parsed }
            progress(done.add(1, ordering: .relaxed).newValue, total)
        }
        if shouldStop() { throw CancellationError() }
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
            expected: chunked.reduce(0) { $0 + $1.count }, progress: progress)
        for (document, chunks) in zip(fresh, chunked) {
            let text = document.sections.map(\.text).joined(separator: "\n\n")
            let record = NewDocument(
                path: document.path, sha256: Hashing.sha256(text), modified: 0, size: text.utf8.count, title: document.title,
                format: document.format.rawValue, ingestedAt: Date().timeIntervalSince1970)
            try committer.add(record, chunks: chunks)
        }
        try committer.flush()
        return committer.embedded
    }
}
