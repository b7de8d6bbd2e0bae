import Dispatch
import LLM
import Synchronization

/// Embeds the queries of concurrent searches together. A short query alone costs nearly what a
/// dozen cost together (the encoder's matrix products spend their time packing the weights, not
/// multiplying), so queries that arrive while a batch is being embedded wait for the next one, and
/// each batch takes all that wait. A lone query starts at once; at most one batch per core runs.
final class QueryEmbedder: Sendable {
    let embedder: Embedder
    private let lanes: Int
    private let state = Mutex(State())

    private struct State {
        var waiting: [(query: String, reply: CheckedContinuation<[Float], Never>)] = []
        var running = 0
    }

    /// The most queries in one batch: a few thousand tokens, what the encoder takes in one pass.
    static let batchLimit = 128

    init(embedder: Embedder, lanes: Int = Generator.defaultThreads) {
        self.embedder = embedder
        self.lanes = max(1, lanes)
    }

    func embed(_ query: String) async -> [Float] {
        await withCheckedContinuation { reply in
            let starts = state.withLock { state in
                state.waiting.append((query, reply))
                guard state.running < lanes else { return false }
                state.running += 1
                return true
            }
            if starts { DispatchQueue.global(qos: .userInitiated).async { self.drain() } }
        }
    }

    /// Each of `texts`, in order, batched with whatever else is waiting.
    func embed(_ texts: [String]) async -> [[Float]] {
        await withTaskGroup(of: (Int, [Float]).self) { group in
            for (index, text) in texts.enumerated() { group.addTask { (index, await self.embed(text)) } }
            var vectors = [[Float]](repeating: [], count: texts.count)
            for await (index, vector) in group { vectors[index] = vector }
            return vectors
        }
    }

    /// Embeds batches of whatever is waiting until nothing is, on a thread outside Swift's
    /// cooperative pool (the work blocks for milliseconds).
    private func drain() {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.waiting.prefix(Self.batchLimit))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.running -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            for (item, vector) in zip(batch, embedder.embed(batch.map(\.query))) {
                item.reply.resume(returning: vector)
            }
        }
    }
}
