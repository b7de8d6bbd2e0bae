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

    /// Decode-path attention of one query head over the cache: out (D) = softmax(q·Kᵀ·scale)·V, where
    /// K and V are `length` float16 rows `rowStride` apart and D is a multiple of 8. q must already be rounded to float16; the
    /// weights are rounded to float16 before meeting V, as llama.cpp's F16 products round their input.
    static func attend(
        query q: UnsafePointer<Float>, keys: UnsafePointer<Float16>, values: UnsafePointer<Float16>, rowStride: Int,
        length: Int, headWidth D: Int, scale: Float, scores: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>
    ) {
        // four positions at a time: four independent FMA chains instead of one
        var t = 0
        while t < length {
            let (k0, k1, k2, k3) = (keys + t * rowStride, keys + min(t + 1, length - 1) * rowStride,
                keys + min(t + 2, length - 1) * rowStride, keys + min(t + 3, length - 1) * rowStride)
            var (l0, l1, l2, l3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
            for i in stride(from: 0, to: D, by: 8) {
                let query = UnsafeRawPointer(q + i).loadUnaligned(as: SIMD8<Float>.self)
                l0.addProduct(query, widen8(k0 + i))
                l1.addProduct(query, widen8(k1 + i))
                l2.addProduct(query, widen8(k2 + i))
                l3.addProduct(query, widen8(k3 + i))
            }
            let sums = SIMD4(l0.sum(), l1.sum(), l2.sum(), l3.sum()) * scale
            for j in 0..<min(4, length - t) { scores[t + j] = sums[j] }
            t += 4
        }
        softmaxRows(scores, rows: 1, cols: length)
        roundToHalf(scores, count: length)
        // 32 columns at a time, so that the four accumulators stay in registers across all positions
        var column = 0
        while column < D {
            let width = min(32, D - column)
            var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
            for t in 0..<length {
                let (value, weight) = (values + t * rowStride + column, SIMD8<Float>(repeating: scores[t]))
                a0.addProduct(weight, widen8(value))
                if width > 8 { a1.addProduct(weight, widen8(value + 8)) }
                if width > 16 { a2.addProduct(weight, widen8(value + 16)) }
                if width > 24 { a3.addProduct(weight, widen8(value + 24)) }
            }
            for (i, a) in [a0, a1, a2, a3].prefix(width / 8).enumerated() {
                UnsafeMutableRawPointer(out + column + 8 * i).storeBytes(of: a, as: SIMD8<Float>.self)
            }
            column += width
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
