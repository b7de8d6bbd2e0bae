import Foundation

/// Plain loops that say what each fast kernel computes; the tests compare `Kernels` against them.
enum ReferenceKernels {
    /// out (T, N) = x (T, K) · w (N, K)ᵀ
    static func linear(_ x: [Float], _ w: [Float], rows: Int, inputs: Int, outputs: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * outputs)
        for t in 0..<rows {
            for o in 0..<outputs {
                var sum: Float = 0
                for i in 0..<inputs { sum += x[t * inputs + i] * w[o * inputs + i] }
                out[t * outputs + o] = sum
            }
        }
        return out
    }

    static func gelu(_ x: Float) -> Float {
        let x = Double(x)
        return Float(0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot())))
    }

    static func layerNorm(_ x: [Float], gamma: [Float], beta: [Float], rows: Int, cols: Int, epsilon: Float) -> [Float] {
        var out = x
        for t in 0..<rows {
            let row = x[t * cols..<(t + 1) * cols]
            let mean = row.reduce(0, +) / Float(cols)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(cols)
            for c in 0..<cols {
                out[t * cols + c] = (x[t * cols + c] - mean) / (variance + epsilon).squareRoot() * gamma[c] + beta[c]
            }
        }
        return out
    }

    static func softmaxRows(_ x: [Float], rows: Int, cols: Int) -> [Float] {
        var out = x
        for r in 0..<rows {
            let row = x[r * cols..<(r + 1) * cols]
            let maximum = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - maximum) }
            let sum = exps.reduce(0, +)
            for c in 0..<cols { out[r * cols + c] = exps[c] / sum }
        }
        return out
    }
}
