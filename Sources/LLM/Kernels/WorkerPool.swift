import Foundation
import Synchronization

/// Threads that stay alive between parallel steps, so that a step costs a memory write to start
/// rather than a thread wake-up. Decoding one token runs about 150 parallel steps of 10–50 µs each;
/// DispatchQueue.concurrentPerform's hand-off alone would cost several microseconds per step.
///
/// A worker waits for the next step by spinning on an atomic counter for a while, then sleeps on a
/// condition variable, so an idle generator uses no CPU.
final class WorkerPool: @unchecked Sendable {  // `job` is written only while the workers wait
    /// Threads taking part in a step, the caller's included.
    let count: Int

    private let state: State

    /// The state the worker threads share with the pool; they hold it, not the pool, so the pool can go away.
    private final class State: @unchecked Sendable {
        let generation = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        let condition = NSCondition()
        var job: ((Int) -> Void)?
    }

    /// Spins before a worker sleeps: about a millisecond, longer than any gap between steps of one token.
    private static let spinLimit = 200_000

    init(threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)) {
        count = max(1, threads)
        state = State()
        for index in 1..<count {
            let state = self.state
            let thread = Thread { Self.work(index: index, state: state) }
            thread.name = "rag-worker-\(index)"
            thread.start()
        }
    }

    deinit {
        state.stopping.store(true, ordering: .releasing)
        state.condition.lock()
        state.generation.add(1, ordering: .releasing)
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Runs `body(i)` for i in 0..<count, i = 0 on the calling thread, and returns when all are done.
    func run(_ body: (Int) -> Void) {
        guard count > 1 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            state.job = body
            state.finished.store(0, ordering: .relaxed)
            state.condition.lock()
            state.generation.add(1, ordering: .releasing)
            state.condition.broadcast()
            state.condition.unlock()
            body(0)
            while state.finished.load(ordering: .acquiring) < count - 1 {}
            state.job = nil
        }
    }

    /// The even share of `total` items for thread `index`, cut at multiples of `granule`.
    func share(of total: Int, for index: Int, granule: Int = 1) -> Range<Int> {
        let units = (total + granule - 1) / granule
        let start = min(total, units * index / count * granule)
        let end = min(total, units * (index + 1) / count * granule)
        return start..<end
    }

    private static func work(index: Int, state: State) {
        var seen = 0
        while true {
            var spins = 0
            while state.generation.load(ordering: .acquiring) == seen {
                spins += 1
                guard spins > spinLimit else { continue }
                state.condition.lock()
                while state.generation.load(ordering: .acquiring) == seen { state.condition.wait() }
                state.condition.unlock()
            }
            seen = state.generation.load(ordering: .acquiring)
            if state.stopping.load(ordering: .acquiring) { return }
            state.job?(index)
            state.finished.add(1, ordering: .releasing)
        }
    }
}
