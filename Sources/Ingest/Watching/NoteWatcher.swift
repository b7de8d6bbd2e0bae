import Foundation
public import LLM
public import VectorIndex

/// Keeps a store in sync with folders of notes while they are edited (`rag ingest --watch`,
/// `rag serve --watch`): a first sync, then one sync of the named paths per batch of changes that
/// a scan would notice. Each sync is `Ingestor.sync`, so unchanged files are skipped by hash, only
/// changed chunks are embedded, and a deleted note leaves the store in the batch's commit.
///
/// The store's write lock is taken for each sync and let go between them, so another `rag ingest`
/// (or `/v1/ingest`) may write between two batches; while it does, the batch waits and retries.
public struct NoteWatcher: Sendable {
    public let paths: [String]
    public let storeDirectory: String
    public let embedder: Embedder
    public var scanner = NoteScanner()
    public var chunksPerCommit = 2048
    /// The index of a store that the first sync makes (nil: chosen by size).
    public var kind: IndexKind?
    public var parallelism = Parallelism.everyCore
    var timing = ChangeBatch.Timing()
    /// Seconds between tries for the lock while another writer holds it.
    var retry = 1.0
    /// Hears what is not a sync's result: the store's notices, a writer waited for, a folder not watched, a sync that failed.
    public var notice: @Sendable (String) -> Void = { _ in }

    public init(paths: [String], storeDirectory: String, embedder: Embedder) {
        self.paths = paths
        self.storeDirectory = storeDirectory
        self.embedder = embedder
    }

    /// Watches until `shouldStop` says so (asked at least four times a second, and by a sync at
    /// every file and embedding batch, which then stops keeping its whole commits); `synced` hears
    /// every sync's report, the first one's included. Throws when watching cannot start, or the
    /// first sync fails; a later sync that fails is told to `notice` and tried again at the next change.
    public func run(until shouldStop: @escaping @Sendable () -> Bool, synced: (IngestReport) -> Void) throws {
        let roots = try paths.map { path throws(WatchError) in
            let absolute = NoteScanner.absolute(path)
            var status = stat()
            guard stat(absolute, &status) == 0 else { throw WatchError("cannot watch \(path): \(String(cString: strerror(errno)))") }
            return WatchedRoot(path: absolute, isFolder: status.st_mode & S_IFMT == S_IFDIR)
        }
        let watches = try FolderWatches(warn: notice)
        let trees = roots.map { ($0.isFolder ? $0.path : ($0.path as NSString).deletingLastPathComponent, $0.isFolder) }
        // Watching starts before the first sync, so that nothing changed during it is missed.
        watches.rewatch(trees)
        let clock = { ProcessInfo.processInfo.systemUptime }
        var batch: ChangeBatch? = ChangeBatch(at: clock(), timing: timing)
        var isFirst = true
        var waitedFor: String?
        while !shouldStop() {
            if var pending = batch, pending.due <= clock() {
                do {
                    let busy = { (holder: String) in
                        if waitedFor == nil { notice("waiting for another rag process (\(holder)) to finish writing to \(storeDirectory)…") }
                        waitedFor = holder
                    }
                    if let report = try sync(roots.map(\.path), until: shouldStop, busy: busy) {
                        synced(report)
                        (batch, waitedFor, isFirst) = (nil, nil, false)
                    } else {
                        pending.notBefore = clock() + retry
                        batch = pending
                    }
                } catch is CancellationError {
                    return
                } catch  where !isFirst {
                    notice("the sync of \(paths.joined(separator: ", ")) failed: \(error); trying again at the next change")
                    batch = nil
                }
            }
            let wait = max(0, min(0.25, batch.map { $0.due - clock() } ?? 0.25))
            for change in watches.changes(waiting: wait) {
                guard let path = change.path else {
                    // Lost events may hide new folders as well as changed notes.
                    watches.rewatch(trees)
                    batch = batch ?? ChangeBatch(at: clock(), timing: timing)
                    continue
                }
                guard roots.contains(where: { $0.notices(path, isFolder: change.isFolder) }) else { continue }
                if batch == nil { batch = ChangeBatch(at: clock(), timing: timing) } else { batch?.add(at: clock()) }
            }
        }
    }

    /// One sync under the write lock, taken without waiting; nil when another writer holds it
    /// (`busy` hears which process).
    private func sync(_ roots: [String], until shouldStop: @escaping @Sendable () -> Bool, busy: (String) -> Void) throws -> IngestReport? {
        var holder: String?
        let lock: WriteLock
        do {
            // A fifth of a second: long enough to be told who holds the lock, short enough to keep watching.
            lock = try WriteLock(directory: storeDirectory, wait: 0.2) { holder = $0 }
        } catch {
            guard let holder else { throw error }
            busy(holder)
            return nil
        }
        var ingestor = try Ingestor(directory: storeDirectory, lock: lock, embedder: embedder, kind: kind, notice: notice)
        ingestor.scanner = scanner
        ingestor.chunksPerCommit = chunksPerCommit
        ingestor.parallelism = parallelism
        ingestor.shouldStop = shouldStop
        return try ingestor.sync(roots, lock: lock)
    }
}
