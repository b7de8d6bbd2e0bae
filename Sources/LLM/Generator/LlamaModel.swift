import COpenBLAS

/// A Llama-architecture decoder: token ids in, the next token's logits out. The KV cache keeps
/// every processed position, so each call runs only the new tokens. One call at a time.
///
/// `forward` runs T tokens through one loop over the layers. Its products take one of two paths:
/// - `decodeProducts` (T = 1, generating): matrix × vector on the quantised weights, integer dot
///   products per block;
/// - `batchProducts` (T > 1, a prompt): matrix × matrix in float32 (sgemm) on dequantised weights,
///   the input rounded to exactly what the integer path would see, so both paths compute the same
///   products (`addMinimumsCorrection` settles the one term where they would differ).
/// Either way the work of each step is split across the worker threads by output rows (or heads).
final class LlamaModel: @unchecked Sendable {  // mutable run state, used by one caller at a time
    let config: LlamaConfig
    /// Positions the KV cache holds: the longest prompt plus answer.
    let contextLength: Int
    /// The most tokens one forward call takes; longer prompts go in several calls.
    static let maxBatch = 512

    private let file: GGUFFile  // keeps the weights mapped
    private let weights: LlamaWeights
    private let pool: WorkerPool
    private let cache: KVCache
    private let state: RunState

    /// Rows of weights dequantised at a time for sgemm: enough for a full-speed product, few
    /// enough to stay in the core's cache.
    private static let dequantizedRows = 128

    /// One product of a step: out (T, N) = input (T, K) · weightsᵀ.
    private typealias Product = (weights: QuantizedMatrix, out: UnsafeMutablePointer<Float>)

    init(file: GGUFFile, contextLength: Int, threads: Int) throws(ModelFileError) {
        let config = try LlamaConfig(file: file)
        self.config = config
        self.file = file
        self.contextLength = contextLength
        weights = try LlamaWeights(file: file, config: config)
        pool = WorkerPool(threads: threads)
        cache = KVCache(layers: config.layers, heads: config.keyValueHeads, capacity: contextLength, headWidth: config.headWidth)
        state = RunState(config: config, contextLength: contextLength, threads: pool.count)
        // The work is split across threads here; OpenBLAS threads inside each product would compete with them.
        openblas_set_num_threads(1)
    }

    /// Runs `tokens` at positions `position ..< position + T` (T ≤ maxBatch, within the context),
    /// storing their keys and values, and returns the last token's logits (V floats, valid until the next call).
    func forward(_ tokens: ArraySlice<Int32>, at position: Int) -> UnsafePointer<Float> {
        let T = tokens.count
        precondition(T >= 1 && T <= Self.maxBatch && position >= 0 && position + T <= contextLength)
        precondition(tokens.allSatisfy { $0 >= 0 && Int($0) < config.vocabularySize })
        let (C, H, KVH, D, F, eps) = (config.width, config.heads, config.keyValueHeads, config.headWidth, config.feedForwardWidth, config.normEpsilon)
        let s = state

        // token embeddings
        for (t, id) in tokens.enumerated() {
            weights.tokenEmbedding.dequantize(rows: Int(id)..<Int(id) + 1, into: s.x + t * C)
        }
        let rotations = (0..<T).map { Kernels.Rotation(position: position + $0, headWidth: D, base: config.ropeBase) }

        for (l, layer) in weights.layers.enumerated() {
            // attention norm
            Kernels.rmsNorm(s.normed, s.x, weight: layer.attentionNorm.pointer, rows: T, cols: C, epsilon: eps)
            // queries, keys and values
            project([(layer.query, s.q), (layer.key, s.k), (layer.value, s.v)], s.normed, tokens: T)
            // rotary embedding of queries and keys; queries rounded to float16 to meet the float16 keys
            for t in 0..<T {
                Kernels.rotate(s.q + t * config.queryWidth, heads: H, headWidth: D, by: rotations[t])
                Kernels.rotate(s.k + t * config.keyValueWidth, heads: KVH, headWidth: D, by: rotations[t])
            }
            Kernels.roundToHalf(s.q, count: T * config.queryWidth)
            // keys and values into the cache
            cache.store(layer: l, position: position, count: T, keys: s.k, values: s.v)
            // attention over every cached position up to each token's own
            attention(layer: l, tokens: T, at: position)
            // output projection and residual
            project([(layer.attentionOutput, s.branch)], s.attention, tokens: T)
            Kernels.add(s.x, s.branch, count: T * C)
            // feed-forward norm
            Kernels.rmsNorm(s.normed, s.x, weight: layer.feedForwardNorm.pointer, rows: T, cols: C, epsilon: eps)
            // SwiGLU: SiLU(x·Wgᵀ) ⊙ (x·Wuᵀ), each thread on its share of the F columns
            project([(layer.gate, s.gate), (layer.up, s.up)], s.normed, tokens: T) { columns in
                for t in 0..<T { Kernels.swiglu(s.gate + t * F + columns.lowerBound, s.up + t * F + columns.lowerBound, count: columns.count) }
            }
            // down projection and residual
            project([(layer.down, s.branch)], s.gate, tokens: T)
            Kernels.add(s.x, s.branch, count: T * C)
        }

        // final norm of the last token, and its logits
        Kernels.rmsNorm(s.normed, s.x + (T - 1) * C, weight: weights.outputNorm.pointer, rows: 1, cols: C, epsilon: eps)
        decodeProducts([(weights.output, s.logits)], s.normed)
        return UnsafePointer(s.logits)
    }

    // MARK: Products

    /// out (T, N) = input (T, K) · Wᵀ for each (W, out) of one step, all on the same input; then
    /// `epilogue` runs on each thread with its share of the first W's rows.
    private func project(
        _ products: [Product], _ input: UnsafePointer<Float>, tokens T: Int, epilogue: ((Range<Int>) -> Void)? = nil
    ) {
        precondition(products.allSatisfy { $0.weights.columns == products[0].weights.columns })
        if T == 1 {
            decodeProducts(products, input, epilogue: epilogue)
        } else {
            batchProducts(products, input, tokens: T, epilogue: epilogue)
        }
    }

    /// One token: each W times the input quantised for W's type (`QuantizedVector`), about 64 rows
    /// of the largest W a chunk, at most 48 chunks.
    private func decodeProducts(_ products: [Product], _ input: UnsafePointer<Float>, epilogue: ((Range<Int>) -> Void)? = nil) {
        let s = state
        let K = products[0].weights.columns
        for type in Self.weightTypes(products) { s.input(for: type).vector.quantize(input, columns: K, for: type) }
        let chunks = min(max(Self.largestRows(products) / 64, 1), 48)
        pool.run(chunks: chunks) { chunk, _ in
            for (w, out) in products {
                let rows = WorkerPool.share(of: w.rows, chunk: chunk, of: chunks, granule: 4)
                QuantizedKernels.multiply(w, rows: rows, by: s.input(for: w.type).vector, into: out)
            }
            epilogue?(WorkerPool.share(of: products[0].weights.rows, chunk: chunk, of: chunks, granule: 4))
        }
    }

    /// A prompt: the input (T, K) rounded once per weight type to what the decode path's integers
    /// carry (`QuantizedVector.roundTrip`), then per chunk `dequantizedRows` rows of each W
    /// dequantised into the thread's scratch and multiplied in float32 (sgemm).
    private func batchProducts(
        _ products: [Product], _ input: UnsafePointer<Float>, tokens T: Int, epilogue: ((Range<Int>) -> Void)?
    ) {
        let s = state
        let K = products[0].weights.columns
        for type in Self.weightTypes(products) {
            let rounded = s.input(for: type).rounded
            rounded.update(from: input, count: T * K)
            QuantizedVector.roundTrip(rounded, rows: T, columns: K, for: type, sumCorrections: type == .q4_1 ? s.sumCorrections : nil)
        }
        let chunks = (Self.largestRows(products) + Self.dequantizedRows - 1) / Self.dequantizedRows
        pool.run(chunks: chunks) { chunk, thread in
            let scratch = s.dequantized[thread]
            for (w, out) in products {
                let rows = WorkerPool.share(of: w.rows, chunk: chunk, of: chunks, granule: 16)
                guard !rows.isEmpty else { continue }
                w.dequantize(rows: rows, into: scratch)
                Kernels.matmul(
                    out + rows.lowerBound, ldc: w.rows, s.input(for: w.type).rounded, lda: K, scratch, ldb: K, transposeB: true,
                    m: T, n: rows.count, k: K)
                if w.type == .q4_1 { addMinimumsCorrection(w, rows: rows, tokens: T, into: out, scratch: scratch) }
            }
            epilogue?(WorkerPool.share(of: products[0].weights.rows, chunk: chunk, of: chunks, granule: 16))
        }
    }

    /// out (T, rows) += sumCorrections (T, K/32) · minimumsᵀ (rows, K/32), for Q4_1 weights. In the
    /// float32 product each block's minimum m meets d·Σq, the sum of the rounded input; in the decode
    /// kernels, as in llama.cpp, it meets Q8_1's s, that sum rounded to float16. This adds the difference.
    private func addMinimumsCorrection(
        _ w: QuantizedMatrix, rows: Range<Int>, tokens T: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        w.minimums(rows: rows, into: scratch)
        Kernels.matmul(
            out + rows.lowerBound, ldc: w.rows, state.sumCorrections, lda: w.blocks, scratch, ldb: w.blocks, transposeB: true,
            m: T, n: rows.count, k: w.blocks, accumulate: true)
    }

    /// The weight types among `products`, each once: a step prepares its input once per type.
    private static func weightTypes(_ products: [Product]) -> [TensorType] {
        products.reduce(into: []) { types, product in
            if !types.contains(product.weights.type) { types.append(product.weights.type) }
        }
    }

    /// The most rows of any W in `products`: a step's chunks are cut by it.
    private static func largestRows(_ products: [Product]) -> Int { products.reduce(0) { max($0, $1.weights.rows) } }

    // MARK: Attention

    /// attention (T, H·D): for each head, softmax(q·Kᵀ/√D)·V over cached positions 0 ... start + t,
    /// query head h reading the keys and values of group h / (H / KV). A batch splits heads across
    /// threads; one token splits positions (`attendOneToken`).
    private func attention(layer l: Int, tokens T: Int, at start: Int) {
        let (H, D, Q) = (config.heads, config.headWidth, config.queryWidth)
        let groupSize = config.heads / config.keyValueHeads
        let scale = 1 / Float(D).squareRoot()
        let s = state
        let L = start + T
        guard T > 1 else { return attendOneToken(layer: l, length: L) }
        pool.run(chunks: H) { h, thread in
            let group = h / groupSize
            let (keys, values) = (cache.keys(layer: l, head: group), cache.values(layer: l, head: group))
            // The batched path multiplies in float32: the group's keys and values, converted once per thread.
            let (k32, v32) = (s.keys32[thread], s.values32[thread])
            if s.convertedGroup[thread] != group {
                for i in 0..<L * D {
                    k32[i] = Float(keys[i])
                    v32[i] = Float(values[i])
                }
                s.convertedGroup[thread] = group
            }
            Kernels.attendBatch(
                queries: s.q + h * D, queryStride: Q, keys: k32, values: v32, tokens: T, start: start, headWidth: D,
                scale: scale, scores: s.scores[thread], into: s.attention + h * D, outStride: Q)
        }
        for thread in 0..<pool.count { s.convertedGroup[thread] = nil }
    }
}

extension LlamaModel {
    /// Positions per chunk of the decode path's attention.
    static let attentionBlock = 128

    /// attention (H·D) of one token over positions 0..<L, in three steps across the threads: scores
    /// for each (key/value head, block of positions), softmax per query head, then each block's
    /// weighted values, summed in block order. Splitting positions rather than heads lets every
    /// thread stream its share of the cache once for all heads that share it.
    private func attendOneToken(layer l: Int, length L: Int) {
        let (H, KVH, D) = (config.heads, config.keyValueHeads, config.headWidth)
        let G = H / KVH
        let scale = 1 / Float(D).squareRoot()
        let s = state
        let scores = s.scores[0]  // (H, L)
        let blocks = (L + Self.attentionBlock - 1) / Self.attentionBlock
        func positions(_ block: Int) -> Range<Int> { block * Self.attentionBlock..<min(L, (block + 1) * Self.attentionBlock) }

        pool.run(chunks: KVH * blocks) { chunk, _ in
            let (group, block) = (chunk / blocks, chunk % blocks)
            Kernels.attentionScores(
                queries: s.q + group * G * D, heads: G, keys: cache.keys(layer: l, head: group), positions: positions(block),
                headWidth: D, scale: scale, into: scores + group * G * L, rowStride: L)
        }
        pool.run(chunks: H) { h, _ in
            Kernels.softmaxRows(scores + h * L, rows: 1, cols: L)
            Kernels.roundToHalf(scores + h * L, count: L)
        }
        pool.run(chunks: KVH * blocks) { chunk, _ in
            let (group, block) = (chunk / blocks, chunk % blocks)
            Kernels.attentionValues(
                weights: scores + group * G * L, rowStride: L, heads: G, values: cache.values(layer: l, head: group),
                positions: positions(block), headWidth: D, into: s.partialAttention + (block * H + group * G) * D)
        }
        s.attention.update(from: s.partialAttention, count: H * D)
        for block in 1..<max(blocks, 1) { Kernels.add(s.attention, s.partialAttention + block * H * D, count: H * D) }
    }

    /// A product's input made ready for weights of one type, for any K up to the largest (C, H·D or F).
    struct PreparedInput {
        /// T = 1: the input quantised as the decode kernels read it.
        let vector: QuantizedVector
        /// T > 1: (T, K) the input rounded to what the decode kernels would see.
        let rounded: UnsafeMutablePointer<Float>
    }

    /// Buffers for one forward call of up to `maxBatch` tokens, allocated once and reused.
    /// Pages of the larger ones are touched only as far as a call needs them.
    final class RunState: @unchecked Sendable {
        let x: UnsafeMutablePointer<Float>  // (T, C) the residual stream
        let normed: UnsafeMutablePointer<Float>  // (T, C) the input of a projection
        let q: UnsafeMutablePointer<Float>  // (T, H·D)
        let k: UnsafeMutablePointer<Float>  // (T, KV·D)
        let v: UnsafeMutablePointer<Float>  // (T, KV·D)
        let attention: UnsafeMutablePointer<Float>  // (T, H·D) attention's output, before its projection
        let branch: UnsafeMutablePointer<Float>  // (T, C) a sublayer's output, before the residual add
        let gate: UnsafeMutablePointer<Float>  // (T, F) then SwiGLU's output
        let up: UnsafeMutablePointer<Float>  // (T, F)
        let logits: UnsafeMutablePointer<Float>  // (V)
        /// The decode path's attention output of each block of positions (blocks, H·D).
        let partialAttention: UnsafeMutablePointer<Float>
        /// Per thread: attention weights (T, L), a group's keys and values as float32 (L, D) each,
        /// and dequantised weight rows (rows, K).
        let scores: [UnsafeMutablePointer<Float>]
        let keys32: [UnsafeMutablePointer<Float>]
        let values32: [UnsafeMutablePointer<Float>]
        let dequantized: [UnsafeMutablePointer<Float>]
        /// (T, K/32) for the largest K: Q4_1's correction of each input block's sum (see `QuantizedVector.roundTrip`).
        let sumCorrections: UnsafeMutablePointer<Float>
        /// Per thread, during one layer's batched attention: the group whose keys and values are in keys32 and values32.
        let convertedGroup: UnsafeMutablePointer<Int?>
        /// The input of a step's products, prepared for each weight type the decoder multiplies with.
        private let f32Input, f16Input, q4_0Input, q4_1Input, q8_0Input: PreparedInput
        private let allocations: [UnsafeMutablePointer<Float>]

        init(config: LlamaConfig, contextLength: Int, threads: Int) {
            let T = LlamaModel.maxBatch
            let (C, Q, KV, F, D) = (config.width, config.queryWidth, config.keyValueWidth, config.feedForwardWidth, config.headWidth)
            let K = max(C, Q, F)
            var allocations: [UnsafeMutablePointer<Float>] = []
            func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
                let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
                allocations.append(pointer)
                return pointer
            }
            (x, normed, q, k, v) = (buffer(T * C), buffer(T * C), buffer(T * Q), buffer(T * KV), buffer(T * KV))
            (attention, branch, gate, up) = (buffer(T * Q), buffer(T * C), buffer(T * F), buffer(T * F))
            logits = buffer(config.vocabularySize)
            scores = (0..<threads).map { _ in buffer(max(T, config.heads) * contextLength) }
            partialAttention = buffer((contextLength / LlamaModel.attentionBlock + 1) * Q)
            keys32 = (0..<threads).map { _ in buffer(contextLength * D) }
            values32 = (0..<threads).map { _ in buffer(contextLength * D) }
            dequantized = (0..<threads).map { _ in buffer(LlamaModel.dequantizedRows * K) }
            sumCorrections = buffer(T * K / 32)
            convertedGroup = .allocate(capacity: threads)
            convertedGroup.initialize(repeating: nil, count: threads)
            // One prepared input per weight type, for the largest K, rather than one per (K, type):
            // a step prepares its input and its products read it before the next step prepares
            // another, so one buffer serves the three widths, and a product finds its input by its
            // weights' type alone, a switch instead of a table look-up on the decode path's hot loop.
            func prepared() -> PreparedInput { PreparedInput(vector: QuantizedVector(capacity: K), rounded: buffer(T * K)) }
            (f32Input, f16Input, q4_0Input, q4_1Input, q8_0Input) = (prepared(), prepared(), prepared(), prepared(), prepared())
            self.allocations = allocations
        }

        deinit {
            allocations.forEach { $0.deallocate() }
            convertedGroup.deallocate()
        }

        /// Where products with weights of `type` find their input.
        func input(for type: TensorType) -> PreparedInput {
            switch type {
            case .f32: f32Input
            case .f16: f16Input
            case .q4_0: q4_0Input
            case .q4_1: q4_1Input
            case .q8_0: q8_0Input
            default: preconditionFailure("no kernel multiplies \(type) weights")  // LlamaWeights admits only the types above
            }
        }
    }
}
