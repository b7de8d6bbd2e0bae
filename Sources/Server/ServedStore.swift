import Foundation
import Ingest
import LLM
import VectorIndex

/// The store `rag serve` answers from, at its newest generation (`NewestStore`), and the syncs
/// that `/v1/ingest` runs into it.
final class ServedStore: Sendable {
    let directory: String
    let embedder: Embedder
    let log: Server.Log
    private let newest: NewestStore

    init(directory: String, embedder: Embedder, log: @escaping Server.Log) {
        self.directory = directory
        self.embedder = embedder
        self.log = log
        newest = NewestStore(directory: directory, notice: { log("notice: \($0)") })
    }

    /// The store at its newest committed generation; 404 when nothing has been ingested yet.
    func current() throws -> Store {
        do {
            return try newest.current()
        } catch let error as StoreError where error.isMissing {
            throw APIError(.notFound, "no store at \(directory) yet: ingest notes first (POST /v1/ingest or rag ingest)")
        }
    }

    /// The scope of a request's `in` paths (absolute, or relative to the server's folder); nil for
    /// none. A path that holds no note is not an error here, as it is on the command line: the
    /// request is valid and its answer is empty (no passages; not in the notes), as for any query.
    func scope(_ paths: [String]?) -> Scope? {
        guard let paths, !paths.isEmpty else { return nil }
        return Scope(paths)
    }

    /// Syncs `paths` into the store, as `rag ingest` does, creating the store if need be, on the
    /// calling thread alone. Blocks for as long as the sync takes; another writer at work gives a
    /// 503 rather than a long wait, and so does a sync that `shouldStop` called off.
    func ingest(_ paths: [String], until shouldStop: @escaping @Sendable () -> Bool) throws -> IngestReport {
        let lock: WriteLock
        do {
            lock = try WriteLock(directory: directory, wait: 0)
        } catch {
            throw APIError(.serviceUnavailable, "\(error)", headers: [.retryAfter: "30"])
        }
        var ingestor = try Ingestor(directory: directory, lock: lock, embedder: embedder, notice: { [log] in log("notice: \($0)") })
        ingestor.parallelism = .callingThread
        ingestor.shouldStop = shouldStop
        do {
            return try ingestor.sync(paths, lock: lock)
        } catch is CancellationError {
            log("rag serve: an ingest of \(paths.joined(separator: ", ")) stopped (its client left or the server is stopping); its commits so far are kept")
            throw APIError(.serviceUnavailable, "the ingest stopped: the server is shutting down; what it committed is kept, and the next ingest does the rest")
        }
    }
}
