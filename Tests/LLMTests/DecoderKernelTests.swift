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

    /// The decode path (float16 cache, one query) and the batched path (sgemm over float32 copies)
    /// both against the reference, with inputs already on the float16 grid as the decoder keeps them.
    @Test(arguments: [(0, 1), (9, 1), (0, 7), (5, 12)])
    func attentionMatchesReference(start: Int, tokens T: Int) {
        let (D, L) = (64, start + T)
        let scale = 1 / Float(D).squareRoot()
        let half: ([Float]) -> [Float] = { $0.map { Float(Float16($0)) } }
        let queries = half(KernelTests.values(T * D, seed: 6, scale: 2))
        let keys = half(KernelTests.values(L * D, seed: 7, scale: 2))
        let values = half(KernelTests.values(L * D, seed: 8))
        let expected = ReferenceKernels.attention(queries: queries, keys: keys, values: values, start: start, headWidth: D, scale: scale)

        var batched = [Float](repeating: 0, count: T * D)
        var scores = [Float](repeating: 0, count: T * L)
        Kernels.attendBatch(
            queries: queries, queryStride: D, keys: keys, values: values, tokens: T, start: start, headWidth: D, scale: scale,
            scores: &scores, into: &batched, outStride: D)
        var difference = KernelTests.maxDifference(batched, expected)
        #expect(difference < 2e-3, "batched: max difference \(difference)")

        // the last token through the decode path
        let cacheKeys = keys.map(Float16.init)
        let cacheValues = values.map(Float16.init)
        var single = [Float](repeating: 0, count: D)
        let last = Array(queries[((T - 1) * D)...])
        Kernels.attend(
            query: last, keys: cacheKeys, values: cacheValues, rowStride: D, length: L, headWidth: D,
            scale: scale, scores: &scores, into: &single)
        difference = KernelTests.maxDifference(single, Array(expected[((T - 1) * D)...]))
        #expect(difference < 2e-3, "decode: max difference \(difference)")
    }
}
