import Foundation
import Synchronization

/// Threads that stay alive between parallel steps, so that starting a step costs an atomic store
/// rather than a thread wake-up: decoding one token runs about 150 steps of 10–50 µs each, where
/// DispatchQueue.concurrentPerform's hand-off alone would cost several microseconds per step.
///
/// A step is cut into chunks that the threads claim one at a time, the caller's thread included.
/// So a step never waits for a worker that the OS has not scheduled yet (the machine may be busy
/// with other work): the caller claims the rest itself. Between steps a worker spins for a short
/// while, then sleeps, so an idle generator uses no CPU.
final class WorkerPool: @unchecked Sendable {  // `job` is written only while no chunk is claimable
    /// Threads that can take part in a step, the caller's included.
    let count: Int

    private let state = State()
    private var generation = 0

    /// The state the workers share with the pool; they hold it, not the pool, so the pool can go away.
    private final class State: @unchecked Sendable {
        /// The current step: its generation (high 24 bits), its chunk count (middle 20) and the next
        /// unclaimed chunk (low 20). A claim is a compare-and-swap, so it fails once the step is over.
        let step = Atomic<UInt64>(0)
        let finished = Atomic<Int>(0)
        let sleepers = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        let condition = NSCondition()
        var job: ((_ chunk: Int, _ thread: Int) -> Void)?

        /// The next chunk of step `generation`, or nil when it has none left or is over.
        func claim(_ generation: UInt64) -> Int? {
            var current = step.load(ordering: .acquiring)
            while current >> 40 == generation && current & 0xFFFFF < (current >> 20) & 0xFFFFF {
                let (exchanged, original) = step.compareExchange(
                    expected: current, desired: current + 1, successOrdering: .acquiringAndReleasing, failureOrdering: .acquiring)
                if exchanged { return Int(original & 0xFFFFF) }
                current = original
            }
            return nil
        }
    }

    /// How long a worker spins for the next step before it sleeps: longer than the gaps between
    /// the steps of one token, short enough not to take a busy machine's core for long.
    private static let spinNanoseconds: UInt64 = 200_000

    /// Spins (about a microsecond) before a waiting thread starts yielding its core at each turn, so
    /// that on a machine busy with other work the thread it waits for gets to run.
    private static let yieldAfterSpins = 2_000

    init(threads: Int) {
        count = max(1, threads)
        for index in 1..<count {
            let state = self.state
            let thread = Thread { Self.work(thread: index, state: state) }
            thread.name = "rag-worker-\(index)"
            thread.start()
        }
    }

    deinit {
        state.stopping.store(true, ordering: .sequentiallyConsistent)
        state.condition.lock()
        state.step.store(0, ordering: .sequentiallyConsistent)
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Runs `body(chunk, thread)` for every chunk in 0..<chunks, spread over the threads (`thread`
    /// is 0 for the caller's, and no two chunks run at once on one thread); returns when all are done.
    func run(chunks: Int, _ body: (_ chunk: Int, _ thread: Int) -> Void) {
        precondition(chunks < 1 << 20)
        guard count > 1, chunks > 1 else {
            for chunk in 0..<chunks { body(chunk, 0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            generation = generation % 0xFF_FFFF + 1
            let tag = UInt64(generation)
            state.job = body
            state.finished.store(0, ordering: .relaxed)
            state.step.store(tag << 40 | UInt64(chunks) << 20, ordering: .sequentiallyConsistent)
            if state.sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                state.condition.lock()
                state.condition.broadcast()
                state.condition.unlock()
            }
            var done = 0
            while let chunk = state.claim(tag) {
                body(chunk, 0)
                done += 1
            }
            state.finished.add(done, ordering: .releasing)
            var spins = 0
            while state.finished.load(ordering: .acquiring) < chunks {
                // A worker still on a chunk may share this core with other work: let it run.
                spins += 1
                if spins > Self.yieldAfterSpins { sched_yield() }
            }
            // No chunk is left to claim, so no worker reads `job` again before the next step sets it.
            state.job = nil
        }
    }

    /// Chunk `chunk` of `chunks` even chunks of `total` items, cut at multiples of `granule`.
    static func share(of total: Int, chunk: Int, of chunks: Int, granule: Int = 1) -> Range<Int> {
        let units = (total + granule - 1) / granule
        let start = min(total, units * chunk / chunks * granule)
        let end = min(total, units * (chunk + 1) / chunks * granule)
        return start..<end
    }

    private static func work(thread: Int, state: State) {
        var seen: UInt64 = 0
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while state.step.load(ordering: .acquiring) >> 40 == seen && !state.stopping.load(ordering: .relaxed) {
                spins += 1
                if spins > yieldAfterSpins { sched_yield() }
                guard spins & 1023 == 0, DispatchTime.now().uptimeNanoseconds - start > spinNanoseconds else { continue }
                state.sleepers.add(1, ordering: .sequentiallyConsistent)
                state.condition.lock()
                while state.step.load(ordering: .sequentiallyConsistent) >> 40 == seen && !state.stopping.load(ordering: .relaxed) {
                    state.condition.wait()
                }
                state.condition.unlock()
                state.sleepers.subtract(1, ordering: .sequentiallyConsistent)
            }
            if state.stopping.load(ordering: .acquiring) { return }
            seen = state.step.load(ordering: .acquiring) >> 40
            var done = 0
            while let chunk = state.claim(seen) {
                state.job?(chunk, thread)
                done += 1
            }
            if done > 0 { state.finished.add(done, ordering: .releasing) }
        }
    }
}
