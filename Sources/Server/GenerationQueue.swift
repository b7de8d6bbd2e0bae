import Dispatch
import Foundation
import ServiceLifecycle
import Synchronization

/// Answers are generated one at a time, on a thread of their own: the decoder already keeps both
/// cores busy, and its calls block. Up to `waiting` more requests wait their turn; beyond that a
/// request is turned away at once (503 with Retry-After) rather than left waiting without end.
final class GenerationQueue: Service, Sendable {
    /// Why a request was turned away.
    enum Refusal: Error {
        case full(retryAfterSeconds: Int)
        case shuttingDown
    }

    /// One admitted request: its job can ask whether to stop (its client left, or the server is shutting down).
    final class Ticket: Sendable {
        fileprivate let cancelled = Atomic(false)
        fileprivate let queue: GenerationQueue

        fileprivate init(queue: GenerationQueue) { self.queue = queue }

        var shouldStop: Bool { cancelled.load(ordering: .relaxed) || queue.closed.load(ordering: .relaxed) }

        func cancel() { cancelled.store(true, ordering: .relaxed) }
    }

    let waiting: Int
    private let admitted = Mutex(Admitted())
    fileprivate let closed = Atomic(false)
    private let worker = DispatchQueue(label: "rag.serve.generation", qos: .userInitiated)

    private struct Admitted {
        var count = 0
        /// How long a job has taken lately, for Retry-After; a first guess until one has run.
        var typicalSeconds = 5.0
    }

    init(waiting: Int) {
        self.waiting = waiting
    }

    /// Admits `job` to run when its turn comes, or throws a refusal. The job sees its ticket (the
    /// caller keeps it too, to cancel when its client goes away) and returns whether it ran to the
    /// end, so that only whole turns set the Retry-After estimate.
    func submit(_ job: @escaping @Sendable (Ticket) -> Bool) throws(Refusal) -> Ticket {
        guard !closed.load(ordering: .relaxed) else { throw .shuttingDown }
        try admitted.withLock { (state: inout Admitted) throws(Refusal) in
            guard state.count <= waiting else {
                throw .full(retryAfterSeconds: max(1, Int((state.typicalSeconds * Double(state.count)).rounded(.up))))
            }
            state.count += 1
        }
        let ticket = Ticket(queue: self)
        worker.async {
            let start = DispatchTime.now()
            let whole = job(ticket)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            self.admitted.withLock { state in
                state.count -= 1
                if whole { state.typicalSeconds = 0.7 * state.typicalSeconds + 0.3 * seconds }
            }
        }
        return ticket
    }

    /// Waits for the server's graceful shutdown, then stops the running generation and those
    /// waiting, so that their streams end at once and the server can close its connections.
    func run() async throws {
        try? await gracefulShutdown()
        closed.store(true, ordering: .relaxed)
    }
}
