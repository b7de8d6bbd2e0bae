import Foundation
import Ingest
import ServiceLifecycle
import Synchronization

/// Runs the syncs that `/v1/ingest` asks for, each on a thread of its own at low priority, its
/// reading and embedding on that thread alone. Never on the threads that answer requests: a sync
/// spread over Dispatch's shared threads fills them (and with them Swift's pool, where request
/// handlers run) for as long as it lasts, which froze even /healthz. One core stays free for
/// requests; the sync takes longer than `rag ingest` would.
///
/// A sync stops at its next file or embedding batch once its client hangs up or the server shuts
/// down, keeping only whole commits.
final class BackgroundIngest: Service, Sendable {
    private let closed = Atomic(false)

    /// The nice value of a sync's thread: requests (nice 0) come first when both want the CPU.
    static let niceness: Int32 = 10

    /// Runs `sync` on a new thread and waits for it. `sync` gets the question to ask between files
    /// and batches; it is told to stop when `abandoned` says the client is gone, or the server stops.
    func run<Report: Sendable>(
        abandoned: @escaping @Sendable () -> Bool,
        _ sync: @escaping @Sendable (_ shouldStop: @escaping @Sendable () -> Bool) throws -> Report
    ) async throws -> Report {
        guard !closed.load(ordering: .relaxed) else { throw APIError(.serviceUnavailable, "the server is shutting down") }
        let shouldStop: @Sendable () -> Bool = { self.closed.load(ordering: .relaxed) || abandoned() }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                // On Linux the nice value belongs to the thread (its task id), not the process.
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
                continuation.resume(with: Result { try sync(shouldStop) })
            }
            thread.name = "rag-ingest"
            thread.start()
        }
    }

    /// Waits for the server's graceful shutdown, then stops the sync at work, so that its request
    /// ends and the server can exit.
    func run() async throws {
        try? await gracefulShutdown()
        closed.store(true, ordering: .relaxed)
    }
}
