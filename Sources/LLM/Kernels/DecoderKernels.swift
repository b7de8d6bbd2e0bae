import Foundation

/// The element-wise and attention kernels of the Llama decoder, each computing what llama.cpp's
/// graph computes for the same step (including where it rounds to float16), in loops the compiler
/// vectorises. `ReferenceKernels` holds a plain version of each.
extension Kernels {
    /// out (T, C) = x / √(mean(x²) + ε) · weight, per row.
    static func rmsNorm(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        rows: Int, cols: Int, epsilon: Float
    ) {
        for t in 0..<rows {
            let (row, target) = (x + t * cols, out + t * cols)
            let scale = 1 / (sumOfSquares(row, cols) / Float(cols) + epsilon).squareRoot()
            for i in 0..<cols { target[i] = row[i] * scale * weight[i] }
        }
    }

    /// x (T, N) += y (T, N)
    static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    /// gate = SiLU(gate) · up, SwiGLU's activation: SiLU(g) = g / (1 + e^-g).
    static func swiglu(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            gate[i] = g / (1 + VectorMath.exp(-g)) * up[i]
        }
    }

    /// Each value rounded to float16 and back, where llama.cpp converts an operand to float16.
    static func roundToHalf(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = Float(Float16(x[i])) }
    }

    /// The cosines and sines that rotate one position: angle i is position·base^(-2i/D),
    /// computed by repeated multiplication in float as ggml's rope cache does.
    struct Rotation {
        let cosines: [Float]
        let sines: [Float]

        init(position: Int, headWidth D: Int, base: Float) {
            let step = powf(base, -2 / Float(D))
            var theta = Float(position)
            var cosines = [Float](repeating: 0, count: D / 2)
            var sines = cosines
            for i in 0..<D / 2 {
                cosines[i] = cosf(theta)
                sines[i] = sinf(theta)
                theta *= step
            }
            self.cosines = cosines
            self.sines = sines
        }
    }

    /// Rotary embedding of `heads` D-wide heads at x, in the pairs (2i, 2i + 1) that llama-architecture
    /// GGUF files expect (their converter permutes Q and K so that this equals HF's half-split rotation).
    static func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, headWidth D: Int, by rotation: Rotation) {
        rotation.cosines.withUnsafeBufferPointer { cosines in
            rotation.sines.withUnsafeBufferPointer { sines in
                for h in 0..<heads {
                    let head = x + h * D
                    for i in 0..<D / 2 {
                        let (a, b) = (head[2 * i], head[2 * i + 1])
                        head[2 * i] = a * cosines[i] - b * sines[i]
                        head[2 * i + 1] = a * sines[i] + b * cosines[i]
                    }
                }
            }
        }
    }

    /// Decode-path attention scores of the G query heads that share one key/value head, over the
    /// cached positions `positions`: scores[j·L + t] = q_j·k_t·scale. Queries (G, D) must already be
    /// rounded to float16 (llama.cpp's F16 products round their input); keys are (positions, D) float16.
    /// Each key is read from memory once for all G heads; four positions at a time give four
    /// independent FMA chains.
    static func attentionScores(
        queries q: UnsafePointer<Float>, heads G: Int, keys: UnsafePointer<Float16>, positions: Range<Int>,
        headWidth D: Int, scale: Float, into scores: UnsafeMutablePointer<Float>, rowStride L: Int
    ) {
        let last = positions.upperBound - 1
        for t in stride(from: positions.lowerBound, to: positions.upperBound, by: 4) {
            let (k0, k1, k2, k3) = (keys + t * D, keys + min(t + 1, last) * D, keys + min(t + 2, last) * D, keys + min(t + 3, last) * D)
            for j in 0..<G {
                let query = q + j * D
                var (l0, l1, l2, l3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                for i in stride(from: 0, to: D, by: 8) {
                    let qi = UnsafeRawPointer(query + i).loadUnaligned(as: SIMD8<Float>.self)
                    l0.addProduct(qi, widen8(k0 + i))
                    l1.addProduct(qi, widen8(k1 + i))
                    l2.addProduct(qi, widen8(k2 + i))
                    l3.addProduct(qi, widen8(k3 + i))
                }
                let sums = SIMD4(l0.sum(), l1.sum(), l2.sum(), l3.sum()) * scale
                for i in 0..<min(4, positions.upperBound - t) { scores[j * L + t + i] = sums[i] }
            }
        }
    }

    /// The values weighted by attention for the G heads of one key/value head, over `positions`:
    /// out[j] (D) = Σ_t weights[j·L + t]·v_t, with values (positions, D) float16 and the weights
    /// already rounded to float16. 32 columns and two positions per step keep eight accumulators in registers.
    static func attentionValues(
        weights: UnsafePointer<Float>, rowStride L: Int, heads G: Int, values: UnsafePointer<Float16>, positions: Range<Int>,
        headWidth D: Int, into out: UnsafeMutablePointer<Float>
    ) {
        for j in 0..<G {
            let w = weights + j * L
            for column in stride(from: 0, to: D, by: 32) {
                let width = min(32, D - column)
                var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                var (b0, b1, b2, b3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                for t in stride(from: positions.lowerBound, to: positions.upperBound, by: 2) {
                    let (v, weight) = (values + t * D + column, SIMD8<Float>(repeating: w[t]))
                    // a missing second position adds weight 0 times the first one's values
                    let (u, other) = t + 1 < positions.upperBound ? (v + D, SIMD8<Float>(repeating: w[t + 1])) : (v, SIMD8<Float>())
                    a0.addProduct(weight, widen8(v))
                    b0.addProduct(other, widen8(u))
                    if width > 8 {
                        a1.addProduct(weight, widen8(v + 8))
                        b1.addProduct(other, widen8(u + 8))
                    }
                    if width > 16 {
                        a2.addProduct(weight, widen8(v + 16))
                        b2.addProduct(other, widen8(u + 16))
                    }
                    if width > 24 {
                        a3.addProduct(weight, widen8(v + 24))
                        b3.addProduct(other, widen8(u + 24))
                    }
                }
                let target = UnsafeMutableRawPointer(out + j * D + column)
                for (i, sum) in [a0 + b0, a1 + b1, a2 + b2, a3 + b3].prefix(width / 8).enumerated() {
                    target.storeBytes(of: sum, toByteOffset: 32 * i, as: SIMD8<Float>.self)
                }
            }
        }
    }

    /// Eight float16 values as floats (one vcvtph2ps with F16C).
    @inline(__always)
    static func widen8(_ p: UnsafePointer<Float16>) -> SIMD8<Float> {
        SIMD8<Float>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float16>.self))
    }

    /// Batched attention of one query head for T consecutive tokens, the first at `start`, over
    /// positions 0..<start + T: out (T, D) = softmax(mask(Q·Kᵀ·scale))·V, with token t seeing positions
    /// up to start + t. Q (rows `queryStride` apart) must be rounded to float16; K and V are float32
    /// copies (L, D) of the cache; scores is (T, L) scratch. Written to out with rows `outStride` apart.
    static func attendBatch(
        queries: UnsafePointer<Float>, queryStride: Int, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        tokens T: Int, start: Int, headWidth D: Int, scale: Float, scores: UnsafeMutablePointer<Float>,
        into out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        let L = start + T
        matmul(scores, ldc: L, queries, lda: queryStride, keys, ldb: D, transposeB: true, m: T, n: L, k: D, alpha: scale)
        for t in 0..<T {
            let row = scores + t * L
            let visible = start + t + 1
            softmaxRows(row, rows: 1, cols: visible)
            roundToHalf(row, count: visible)
            for j in visible..<L { row[j] = 0 }
        }
        matmul(out, ldc: outStride, scores, lda: L, values, ldb: D, transposeB: false, m: T, n: D, k: L)
    }
}
