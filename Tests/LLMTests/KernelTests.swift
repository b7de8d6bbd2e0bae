import Foundation
import Testing

@testable import LLM

/// The fast kernels against their plain-loop references, as llm.c checks its kernels.
@Suite struct KernelTests {
    /// Deterministic pseudo-random values in [-scale, scale].
    static func values(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: [(1, 384, 384), (7, 384, 1152), (33, 1536, 384), (5, 17, 3)])
    func linearMatchesReference(rows: Int, inputs: Int, outputs: Int) {
        let x = Self.values(rows * inputs, seed: 1)
        let w = Self.values(outputs * inputs, seed: 2)
        var out = [Float](repeating: 0, count: rows * outputs)
        Kernels.linear(&out, x, w, rows: rows, inputs: inputs, outputs: outputs)
        let difference = Self.maxDifference(out, ReferenceKernels.linear(x, w, rows: rows, inputs: inputs, outputs: outputs))
        #expect(difference < 1e-3, "max difference \(difference)")
    }

    /// The bfloat16 kernel against the plain loop on the same operands rounded to bfloat16 (to
    /// nearest, ties to even): only the order of the fp32 sums differs. Rows that are not a whole
    /// tile (13, 1) check the tail.
    @Test(
        .enabled(if: BFloat16Weight.isAvailable, "this CPU has no AVX-512 BF16"),
        arguments: [(13, 384, 1152), (1, 384, 384), (40, 1536, 384)])
    func bfloat16LinearMatchesReferenceOnRoundedOperands(rows: Int, inputs: Int, outputs: Int) throws {
        func rounded(_ v: Float) -> Float {
            let bits = v.bitPattern
            return Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000)
        }
        let x = Self.values(rows * inputs, seed: 3)
        let w = Self.values(outputs * inputs, seed: 4, scale: 0.1)
        let packed = try #require(w.withUnsafeBufferPointer { BFloat16Weight($0.baseAddress!, outputs: outputs, inputs: inputs) })
        var out = [Float](repeating: .nan, count: rows * outputs)
        var scratch = [UInt16](repeating: 0, count: BFloat16Weight.scratchCount(rows: rows, inputs: inputs))
        packed.product(&out, x, rows: rows, scratch: &scratch)
        let expected = ReferenceKernels.linear(x.map(rounded), w.map(rounded), rows: rows, inputs: inputs, outputs: outputs)
        let difference = Self.maxDifference(out, expected)
        #expect(difference < 1e-4, "max difference \(difference)")
        #expect(!out.contains { $0.isNaN }, "every output written")
        // and the rounding is what makes the difference from fp32: a few parts in a thousand
        let fromFP32 = Self.maxDifference(out, ReferenceKernels.linear(x, w, rows: rows, inputs: inputs, outputs: outputs))
        #expect(fromFP32 > difference && fromFP32 < 0.05, "difference from fp32 \(fromFP32)")
    }

    @Test(arguments: [384, 17, 16, 1])
    func layerNormMatchesReference(cols: Int) {
        let rows = 5
        let x = Self.values(rows * cols, seed: 3, scale: 4)
        let gamma = Self.values(cols, seed: 4)
        let beta = Self.values(cols, seed: 5)
        var fast = x
        Kernels.layerNorm(&fast, gamma: gamma, beta: beta, rows: rows, cols: cols, epsilon: 1e-12)
        let difference = Self.maxDifference(
            fast, ReferenceKernels.layerNorm(x, gamma: gamma, beta: beta, rows: rows, cols: cols, epsilon: 1e-12))
        #expect(difference < 1e-5, "max difference \(difference)")
    }

    @Test(arguments: [256, 37, 16, 3, 1])
    func softmaxMatchesReference(cols: Int) {
        let rows = 4
        let x = Self.values(rows * cols, seed: 6, scale: 30)
        var fast = x
        Kernels.softmaxRows(&fast, rows: rows, cols: cols)
        let difference = Self.maxDifference(fast, ReferenceKernels.softmaxRows(x, rows: rows, cols: cols))
        #expect(difference < 1e-6, "max difference \(difference)")
    }

    @Test func geluMatchesExactErfOverItsRange() {
        let x = (0..<4096).map { Float($0 - 2048) / 256 }  // -8 ... 8
        var fast = x
        let zero = [Float](repeating: 0, count: x.count)
        Kernels.addBiasGELU(&fast, zero, rows: 1, cols: x.count)
        let difference = Self.maxDifference(fast, x.map(ReferenceKernels.gelu))
        #expect(difference < 1e-6, "max difference \(difference)")
    }

    @Test func expHasFloatPrecision() {
        let x = (0..<2048).map { Float($0 - 1600) / 20 }  // -80 ... 22
        let worst = x.map { Float(abs(Double(VectorMath.exp($0)) - Foundation.exp(Double($0))) / Foundation.exp(Double($0))) }.max()!
        #expect(worst < 3e-7, "max relative error \(worst)")
    }
}
