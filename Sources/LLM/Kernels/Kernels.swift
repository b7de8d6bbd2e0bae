import COpenBLAS

// Shape letters, used in every kernel and model comment:
//   T tokens (rows of a batch), C channels (model width), F feed-forward width,
//   H attention heads, D head width (C / H), L one sequence's length.
// Matrices are row-major; a linear layer's weight is (outputs, inputs) as PyTorch stores it.

/// The fast kernels the models run: cblas_sgemm for matrix products, 16-lane SIMD for the rest.
/// `ReferenceKernels` holds a plain loop for each; tests hold the two together.
enum Kernels {
    /// out (T, N) = x (T, K) · w (N, K)ᵀ
    static func linear(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
        rows: Int, inputs: Int, outputs: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
            1, x, Int32(inputs), w, Int32(inputs), 0, out, Int32(outputs))
    }

    /// c (M, N) = alpha · a (M, K) · b (K, N), or · bᵀ when `transposeB`; each with its own row stride.
    static func matmul(
        _ c: UnsafeMutablePointer<Float>, ldc: Int,
        _ a: UnsafePointer<Float>, lda: Int,
        _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        m: Int, n: Int, k: Int, alpha: Float = 1
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// x (T, N) += bias (N) on every row.
    static func addBias(_ x: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for t in 0..<rows {
            let row = x + t * cols
            forEachLane(cols) { i, count in
                store(load(row + i, count) + load(bias + i, count), row + i, count)
            }
        }
    }

    /// x (T, N) = GELU(x + bias), GELU with the exact erf as BERT defines it.
    static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for t in 0..<rows {
            let row = x + t * cols
            forEachLane(cols) { i, count in
                let v = load(row + i, count) + load(bias + i, count)
                store(0.5 * v * (1 + VectorMath.erf(v * 0.707_106_781)), row + i, count)
            }
        }
    }

    /// x (T, C) = LayerNorm(x + y + bias): the residual add and normalisation after each sublayer.
    static func addResidualLayerNorm(
        _ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, rows: Int, cols: Int, epsilon: Float
    ) {
        for t in 0..<rows {
            let row = x + t * cols
            let branch = y + t * cols
            forEachLane(cols) { i, count in
                store(load(row + i, count) + load(branch + i, count) + load(bias + i, count), row + i, count)
            }
        }
        layerNorm(x, gamma: gamma, beta: beta, rows: rows, cols: cols, epsilon: epsilon)
    }

    /// x (T, C) = (x - mean) / sqrt(variance + ε) · gamma + beta, per row.
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        rows: Int, cols: Int, epsilon: Float
    ) {
        for t in 0..<rows {
            let row = x + t * cols
            var sum = Float16x()
            forEachLane(cols) { i, count in sum += load(row + i, count) }
            let mean = sum.sum() / Float(cols)
            var squares = Float16x()
            forEachLane(cols) { i, count in
                let d = load(row + i, count) - mean
                squares += (d * d).replacing(with: 0, where: lanes(count))
            }
            let scale = 1 / (squares.sum() / Float(cols) + epsilon).squareRoot()
            forEachLane(cols) { i, count in
                let normalised = (load(row + i, count) - mean) * scale
                store(normalised * load(gamma + i, count) + load(beta + i, count), row + i, count)
            }
        }
    }

    /// Each row of x (M, N) becomes its softmax.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = x + r * cols
            var maxima = Float16x(repeating: -.infinity)
            forEachLane(cols) { i, count in
                maxima = pointwiseMax(maxima, load(row + i, count, padding: -.infinity))
            }
            let maximum = maxima.max()
            var sum = Float16x()
            forEachLane(cols) { i, count in
                let e = VectorMath.exp(load(row + i, count) - maximum).replacing(with: 0, where: lanes(count))
                store(e, row + i, count)
                sum += e
            }
            let inverse = 1 / sum.sum()
            forEachLane(cols) { i, count in store(load(row + i, count) * inverse, row + i, count) }
        }
    }

    // MARK: 16-lane access with a partial last vector

    /// Calls `body(i, count)` for i = 0, 16, 32, … with count = the lanes left (at most 16).
    @inline(__always)
    static func forEachLane(_ n: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < n {
            body(i, min(16, n - i))
            i += 16
        }
    }

    /// A mask of the lanes at or beyond `count`.
    @inline(__always)
    static func lanes(_ count: Int) -> SIMDMask<SIMD16<Int32>> {
        SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .>= Int32(count)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ count: Int, padding: Float = 0) -> Float16x {
        if count == 16 { return UnsafeRawPointer(p).loadUnaligned(as: Float16x.self) }
        var v = Float16x(repeating: padding)
        for lane in 0..<count { v[lane] = p[lane] }
        return v
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ count: Int, padding: Float = 0) -> Float16x {
        load(UnsafePointer(p), count, padding: padding)
    }

    @inline(__always)
    static func store(_ v: Float16x, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 16 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float16x.self)
            return
        }
        for lane in 0..<count { p[lane] = v[lane] }
    }
}
