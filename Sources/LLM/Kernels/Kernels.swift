import COpenBLAS

// Shape letters, used in every kernel and model comment:
//   T tokens (rows of a batch), C channels (model width), F feed-forward width,
//   H attention heads, D head width (C / H), L one sequence's length.
// Matrices are row-major; a linear layer's weight is (outputs, inputs) as PyTorch stores it.

/// The fast kernels the models run: cblas_sgemm for matrix products, and loops written so that
/// the compiler vectorises them. `ReferenceKernels` holds a plain loop for each; tests hold the two together.
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
    /// With `accumulate`, the product is added to c instead.
    static func matmul(
        _ c: UnsafeMutablePointer<Float>, ldc: Int,
        _ a: UnsafePointer<Float>, lda: Int,
        _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        m: Int, n: Int, k: Int, alpha: Float = 1, accumulate: Bool = false
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
    }

    /// x (T, N) += bias (N) on every row.
    static func addBias(_ x: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for t in 0..<rows {
            let row = x + t * cols
            for i in 0..<cols { row[i] += bias[i] }
        }
    }

    /// x (T, N) = GELU(x + bias), GELU with the exact erf as BERT defines it.
    static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Int, cols: Int) {
        for t in 0..<rows {
            let row = x + t * cols
            for i in 0..<cols {
                let v = row[i] + bias[i]
                row[i] = 0.5 * v * (1 + VectorMath.erf(v * 0.707_106_781))
            }
        }
    }

    /// x (T, C) = LayerNorm(x + y + bias): the residual add and normalisation after each sublayer.
    static func addResidualLayerNorm(
        _ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, rows: Int, cols: Int, epsilon: Float
    ) {
        for t in 0..<rows {
            let (row, branch) = (x + t * cols, y + t * cols)
            for i in 0..<cols { row[i] += branch[i] + bias[i] }
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
            let mean = sum(row, cols) / Float(cols)
            for i in 0..<cols { row[i] -= mean }
            let scale = 1 / (sumOfSquares(row, cols) / Float(cols) + epsilon).squareRoot()
            for i in 0..<cols { row[i] = row[i] * scale * gamma[i] + beta[i] }
        }
    }

    /// Each row of x (M, N) becomes its softmax.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = x + r * cols
            let maximum = maxValue(row, cols)
            for i in 0..<cols { row[i] = VectorMath.exp(row[i] - maximum) }
            let inverse = 1 / sum(row, cols)
            for i in 0..<cols { row[i] *= inverse }
        }
    }

    // MARK: Reductions, 16 lanes at a time (the compiler does not reorder float sums by itself)

    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            lanes += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        var total = lanes.sum()
        while i < n {
            total += p[i]
            i += 1
        }
        return total
    }

    static func sumOfSquares(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            lanes += v * v
            i += 16
        }
        var total = lanes.sum()
        while i < n {
            total += p[i] * p[i]
            i += 1
        }
        return total
    }

    static func maxValue(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD16<Float>(repeating: -.infinity)
        var i = 0
        while i + 16 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            lanes.replace(with: v, where: v .> lanes)
            i += 16
        }
        var maximum = lanes.max()
        while i < n {
            maximum = Swift.max(maximum, p[i])
            i += 1
        }
        return maximum
    }
}
