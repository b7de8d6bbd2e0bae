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

/// The decoder's element-wise steps and attention, as plain loops over arrays.
extension ReferenceKernels {
    static func rmsNorm(_ x: [Float], weight: [Float], rows: Int, cols: Int, epsilon: Float) -> [Float] {
        (0..<rows * cols).map { i in
            let row = x[i / cols * cols..<(i / cols + 1) * cols]
            let meanSquare = row.map { Double($0) * Double($0) }.reduce(0, +) / Double(cols)
            return Float(Double(x[i]) / (meanSquare + Double(epsilon)).squareRoot() * Double(weight[i % cols]))
        }
    }

    static func swiglu(_ gate: [Float], _ up: [Float]) -> [Float] {
        zip(gate, up).map { g, u in Float(Double(g) / (1 + Foundation.exp(-Double(g))) * Double(u)) }
    }

    /// Rotates pairs (2i, 2i + 1) of each D-wide head by position·base^(-2i/D).
    static func rotate(_ x: [Float], headWidth D: Int, position: Int, base: Float) -> [Float] {
        var out = x
        for start in stride(from: 0, to: x.count, by: D) {
            for i in 0..<D / 2 {
                let angle = Double(position) * Foundation.pow(Double(base), -2 * Double(i) / Double(D))
                let (a, b) = (Double(x[start + 2 * i]), Double(x[start + 2 * i + 1]))
                out[start + 2 * i] = Float(a * Foundation.cos(angle) - b * Foundation.sin(angle))
                out[start + 2 * i + 1] = Float(a * Foundation.sin(angle) + b * Foundation.cos(angle))
            }
        }
        return out
    }

    /// Causal attention of one head: query t (at position start + t) over keys and values 0 ... start + t.
    /// queries (T, D), keys and values (start + T, D); out (T, D).
    static func attention(queries: [Float], keys: [Float], values: [Float], start: Int, headWidth D: Int, scale: Float) -> [Float] {
        let T = queries.count / D
        var out = [Float](repeating: 0, count: T * D)
        for t in 0..<T {
            let visible = start + t + 1
            let scores = (0..<visible).map { p in (0..<D).reduce(0.0) { $0 + Double(queries[t * D + $1]) * Double(keys[p * D + $1]) } * Double(scale) }
            let maximum = scores.max()!
            let weights = scores.map { Foundation.exp($0 - maximum) }
            let total = weights.reduce(0, +)
            for d in 0..<D {
                out[t * D + d] = Float((0..<visible).reduce(0.0) { $0 + weights[$1] / total * Double(values[$1 * D + d]) })
            }
        }
        return out
    }
}
