import Ingest
import ServiceLifecycle
import Synchronization

/// `rag serve --watch`: the folders kept in sync with the store as they change, by a `NoteWatcher`
/// on a thread of `BackgroundIngest`'s (low priority, reading and embedding on that thread alone),
/// so that a sync never takes the threads requests are answered on. Searches move to each new
/// generation as `ServedStore` follows the store.
///
/// A watcher that cannot go on (its first sync failed, say) is logged and the server keeps
/// answering from the store as it is.
final class WatchedFolders: Service, Sendable {
    private let watcher: NoteWatcher
    private let ingests: BackgroundIngest
    private let log: Server.Log
    private let stopping = Atomic(false)

    init(_ paths: [String], server: Server, ingests: BackgroundIngest) {
        var watcher = NoteWatcher(paths: paths, storeDirectory: server.settings.storeDirectory, embedder: server.embedder)
        watcher.parallelism = .callingThread
        watcher.notice = { [log = server.log] in log("rag serve: watch: \($0)") }
        self.watcher = watcher
        self.ingests = ingests
        log = server.log
    }

    func run() async throws {
        let (watcher, log) = (watcher, log)
        await withGracefulShutdownHandler {
            do {
                log("rag serve: watching \(watcher.paths.joined(separator: ", "))")
                try await ingests.run(abandoned: { self.stopping.load(ordering: .relaxed) }) { shouldStop in
                    try watcher.run(until: shouldStop) { report in
                        guard report.added + report.changed + report.renamed + report.removed > 0 else { return }
                        log("rag serve: watch: \(report.summary)")
                    }
                }
            } catch {
                log("rag serve: watching \(watcher.paths.joined(separator: ", ")) stopped: \(error)")
                // Returning would stop the whole server; it still answers from the store as it is.
                try? await gracefulShutdown()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }
}
