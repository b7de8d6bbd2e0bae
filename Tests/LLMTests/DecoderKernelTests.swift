import Foundation
import Testing

@testable import LLM

/// The decoder's kernels against the plain loops of `ReferenceKernels`.
@Suite struct DecoderKernelTests {
    @Test func rmsNormMatchesReference() {
        let (rows, cols) = (3, 576)
        let x = KernelTests.values(rows * cols, seed: 1, scale: 4)
        let weight = KernelTests.values(cols, seed: 2)
        var out = [Float](repeating: 0, count: rows * cols)
        Kernels.rmsNorm(&out, x, weight: weight, rows: rows, cols: cols, epsilon: 1e-5)
        let difference = KernelTests.maxDifference(out, ReferenceKernels.rmsNorm(x, weight: weight, rows: rows, cols: cols, epsilon: 1e-5))
        #expect(difference < 1e-5, "max difference \(difference)")
    }

    @Test func swigluMatchesReference() {
        let gate = KernelTests.values(1536, seed: 3, scale: 12)
        let up = KernelTests.values(1536, seed: 4, scale: 3)
        var out = gate
        Kernels.swiglu(&out, up, count: gate.count)
        let difference = KernelTests.maxDifference(out, ReferenceKernels.swiglu(gate, up))
        #expect(difference < 1e-5, "max difference \(difference)")
    }

    @Test(arguments: [0, 1, 37, 2047])
    func rotationMatchesReference(position: Int) {
        let x = KernelTests.values(3 * 64, seed: 5)
        var out = x
        Kernels.rotate(&out, heads: 3, headWidth: 64, by: Kernels.Rotation(position: position, headWidth: 64, base: 100_000))
        let difference = KernelTests.maxDifference(out, ReferenceKernels.rotate(x, headWidth: 64, position: position, base: 100_000))
        // ggml's angles come from repeated float multiplication, off by a few ulp of position·base^(-2i/D).
        #expect(difference < 2e-4 * Float(max(position, 1)).squareRoot(), "max difference \(difference)")
    }

    /// The batched path (sgemm over float32 copies of the cache) against the reference, with inputs
    /// already on the float16 grid as the decoder keeps them.
    @Test(arguments: [(0, 1), (9, 1), (0, 7), (5, 12)])
    func batchedAttentionMatchesReference(start: Int, tokens T: Int) {
        let (D, L) = (64, start + T)
        let scale = 1 / Float(D).squareRoot()
        let queries = Self.half(KernelTests.values(T * D, seed: 6, scale: 2))
        let keys = Self.half(KernelTests.values(L * D, seed: 7, scale: 2))
        let values = Self.half(KernelTests.values(L * D, seed: 8))
        let expected = ReferenceKernels.attention(queries: queries, keys: keys, values: values, start: start, headWidth: D, scale: scale)
        var batched = [Float](repeating: 0, count: T * D)
        var scores = [Float](repeating: 0, count: T * L)
        Kernels.attendBatch(
            queries: queries, queryStride: D, keys: keys, values: values, tokens: T, start: start, headWidth: D, scale: scale,
            scores: &scores, into: &batched, outStride: D)
        let difference = KernelTests.maxDifference(batched, expected)
        #expect(difference < 2e-3, "max difference \(difference)")
    }

    /// The decode path: three heads sharing keys and values from a float16 cache, positions in two
    /// blocks whose weighted values are summed, as `LlamaModel` runs them.
    @Test(arguments: [(64, 1), (64, 9), (64, 700), (40, 37)])
    func decodeAttentionMatchesReference(headWidth D: Int, length L: Int) {
        let (G, scale) = (3, 1 / Float(D).squareRoot())
        let queries = Self.half(KernelTests.values(G * D, seed: 9, scale: 2))
        let keys = KernelTests.values(L * D, seed: 10, scale: 2).map(Float16.init)
        let values = KernelTests.values(L * D, seed: 11).map(Float16.init)
        var scores = [Float](repeating: .nan, count: G * L)
        let blocks = [0..<L / 2, L / 2..<L]
        for block in blocks where !block.isEmpty {
            Kernels.attentionScores(
                queries: queries, heads: G, keys: keys, positions: block, headWidth: D, scale: scale, into: &scores, rowStride: L)
        }
        scores.withUnsafeMutableBufferPointer { scores in
            for j in 0..<G {
                Kernels.softmaxRows(scores.baseAddress! + j * L, rows: 1, cols: L)
                Kernels.roundToHalf(scores.baseAddress! + j * L, count: L)
            }
        }
        var out = [Float](repeating: 0, count: G * D)
        var partial = [Float](repeating: .nan, count: G * D)
        for block in blocks where !block.isEmpty {
            Kernels.attentionValues(weights: scores, rowStride: L, heads: G, values: values, positions: block, headWidth: D, into: &partial)
            for i in out.indices { out[i] += partial[i] }
        }
        for j in 0..<G {
            let expected = ReferenceKernels.attention(
                queries: Array(queries[j * D..<(j + 1) * D]), keys: keys.map(Float.init), values: values.map(Float.init),
                start: L - 1, headWidth: D, scale: scale)
            let difference = KernelTests.maxDifference(Array(out[j * D..<(j + 1) * D]), expected)
            #expect(difference < 2e-3, "head \(j): max difference \(difference)")
        }
    }

    static func half(_ values: [Float]) -> [Float] { values.map { Float(Float16($0)) } }
}
