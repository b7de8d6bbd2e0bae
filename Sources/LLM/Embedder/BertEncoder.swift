/// A BERT encoder with mean pooling: token ids in, one L2-normalised vector per sequence out.
///
/// A batch is ragged: its sequences' tokens are stacked without padding, so the per-token layers
/// (projections, feed-forward, LayerNorm) run as one matrix product over all T tokens, and only
/// attention looks at each sequence on its own. That gives what a padded batch with an attention
/// mask gives, minus the work on padding.
struct BertEncoder: Sendable {
    let config: BertConfig
    let weights: BertWeights

    /// Scratch buffers for one batch, allocated once and reused by every layer.
    private final class RunState {
        let x: Tensor  // (T, C) the residual stream
        let qkv: Tensor  // (T, 3C) queries, keys and values of every token
        let context: Tensor  // (T, C) attention's output, before its projection
        let branch: Tensor  // (T, C) a sublayer's output, before the residual add
        let hidden: Tensor  // (T, F) feed-forward activations
        let scores: Tensor  // (L, L) one head's attention weights
        /// A product's input rounded to bfloat16, when the weights are packed for it.
        let rounded: UnsafeMutablePointer<UInt16>

        init(tokens T: Int, longest L: Int, config: BertConfig, bf16: Bool) {
            let (C, F) = (config.width, config.feedForwardWidth)
            x = Tensor(uninitialized: T * C)
            qkv = Tensor(uninitialized: T * 3 * C)
            context = Tensor(uninitialized: T * C)
            branch = Tensor(uninitialized: T * C)
            hidden = Tensor(uninitialized: T * F)
            scores = Tensor(uninitialized: L * L)
            rounded = .allocate(capacity: bf16 ? BFloat16Weight.scratchCount(rows: T, inputs: max(C, F)) : 1)
        }

        deinit { rounded.deallocate() }
    }

    /// Writes one vector of C floats per sequence to `output` (B, C).
    /// Every sequence must be non-empty, at most `maxPositions` long, with ids below the vocabulary size.
    func encode(_ sequences: [[Int32]], into output: UnsafeMutablePointer<Float>) {
        let (C, F, eps) = (config.width, config.feedForwardWidth, config.layerNormEpsilon)
        let T = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        precondition(sequences.allSatisfy { !$0.isEmpty } && longest <= config.maxPositions)
        let state = RunState(tokens: T, longest: longest, config: config, bf16: weights.bf16)
        let x = state.x.pointer

        // embeddings: word + position + token type 0, then LayerNorm
        embed(sequences, into: x)
        Kernels.layerNorm(
            x, gamma: weights.embeddingNorm.gamma.pointer, beta: weights.embeddingNorm.beta.pointer,
            rows: T, cols: C, epsilon: eps)

        for layer in weights.layers {
            // queries, keys and values of every token in one product
            linear(state.qkv.pointer, x, layer.qkv, rows: T, inputs: C, outputs: 3 * C, state)
            Kernels.addBias(state.qkv.pointer, layer.qkvBias.pointer, rows: T, cols: 3 * C)
            // self-attention within each sequence, head by head
            attend(sequences, state)
            // output projection, residual, LayerNorm
            linear(state.branch.pointer, state.context.pointer, layer.attentionOutput, rows: T, inputs: C, outputs: C, state)
            Kernels.addResidualLayerNorm(
                x, state.branch.pointer, layer.attentionOutputBias.pointer,
                gamma: layer.attentionNorm.gamma.pointer, beta: layer.attentionNorm.beta.pointer,
                rows: T, cols: C, epsilon: eps)
            // feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ, residual, LayerNorm
            linear(state.hidden.pointer, x, layer.feedForwardIn, rows: T, inputs: C, outputs: F, state)
            Kernels.addBiasGELU(state.hidden.pointer, layer.feedForwardInBias.pointer, rows: T, cols: F)
            linear(state.branch.pointer, state.hidden.pointer, layer.feedForwardOut, rows: T, inputs: F, outputs: C, state)
            Kernels.addResidualLayerNorm(
                x, state.branch.pointer, layer.feedForwardOutBias.pointer,
                gamma: layer.outputNorm.gamma.pointer, beta: layer.outputNorm.beta.pointer,
                rows: T, cols: C, epsilon: eps)
        }

        // mean over each sequence's tokens, then L2 normalisation
        var start = 0
        for (b, sequence) in sequences.enumerated() {
            meanPoolNormalised(x + start * C, rows: sequence.count, into: output + b * C)
            start += sequence.count
        }
    }

    /// out (T, outputs) = x (T, inputs) · weightᵀ, in bfloat16 where the weight is packed for it.
    private func linear(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ weight: LinearWeight, rows: Int, inputs: Int, outputs: Int,
        _ state: RunState
    ) {
        if let packed = weight.bf16 {
            packed.product(out, x, rows: rows, scratch: state.rounded)
        } else {
            Kernels.linear(out, x, weight.values.pointer, rows: rows, inputs: inputs, outputs: outputs)
        }
    }

    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let C = config.width
        let (words, positions, type) = (weights.wordEmbeddings.pointer, weights.positionEmbeddings.pointer, weights.tokenTypeEmbedding.pointer)
        var row = x
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                precondition(id >= 0 && Int(id) < config.vocabularySize, "token id \(id) outside the vocabulary")
                let word = words + Int(id) * C
                let place = positions + position * C
                for c in 0..<C { row[c] = word[c] + place[c] + type[c] }
                row += C
            }
        }
    }

    /// context = softmax(Q·Kᵀ / √D)·V for every head of every sequence, read from and written to
    /// the token rows with strides, so no head is copied out.
    private func attend(_ sequences: [[Int32]], _ state: RunState) {
        let (C, H, D) = (config.width, config.heads, config.headWidth)
        let scale = 1 / Float(D).squareRoot()
        var start = 0
        for sequence in sequences {
            let L = sequence.count
            let rows = state.qkv.pointer + start * 3 * C
            for h in 0..<H {
                let (q, k, v) = (rows + h * D, rows + C + h * D, rows + 2 * C + h * D)
                Kernels.matmul(state.scores.pointer, ldc: L, q, lda: 3 * C, k, ldb: 3 * C, transposeB: true, m: L, n: L, k: D, alpha: scale)
                Kernels.softmaxRows(state.scores.pointer, rows: L, cols: L)
                Kernels.matmul(
                    state.context.pointer + start * C + h * D, ldc: C, state.scores.pointer, lda: L, v, ldb: 3 * C,
                    transposeB: false, m: L, n: D, k: L)
            }
            start += L
        }
    }

    private func meanPoolNormalised(_ rows: UnsafeMutablePointer<Float>, rows count: Int, into out: UnsafeMutablePointer<Float>) {
        let C = config.width
        for c in 0..<C { out[c] = 0 }
        for t in 0..<count {
            for c in 0..<C { out[c] += rows[t * C + c] }
        }
        var squares: Float = 0
        for c in 0..<C {
            out[c] /= Float(count)
            squares += out[c] * out[c]
        }
        // sentence-transformers' Normalize divides by max(norm, 1e-12)
        let inverse = 1 / max(squares.squareRoot(), 1e-12)
        for c in 0..<C { out[c] *= inverse }
    }
}
