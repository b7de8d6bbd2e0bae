import Foundation
import Testing

@testable import LLM

/// Dequantisation, input quantisation and the decode path's integer products against the plain
/// loops of `ReferenceKernels`, for every supported tensor type.
@Suite struct QuantizedKernelTests {
    static let types: [TensorType] = [.f32, .f16, .q4_0, .q4_1, .q8_0]

    /// Pseudo-random bytes of a (rows, columns) matrix of `type` with plausible scales.
    static func matrix(_ type: TensorType, rows: Int, columns: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func half(_ value: Float) -> [UInt8] { GGUFWriter.bytes(Float16(value).bitPattern) }
        func unit() -> Float { Float(next() % 20_000) / 10_000 - 1 }
        var bytes: [UInt8] = []
        for _ in 0..<rows * columns / type.blockElements {
            switch type {
            case .f32: bytes += GGUFWriter.bytes(unit().bitPattern)
            case .f16: bytes += half(unit())
            case .q8_0: bytes += half(0.001 + abs(unit()) * 0.01) + (0..<32).map { _ in UInt8(truncatingIfNeeded: next()) }
            case .q4_0: bytes += half(0.01 + abs(unit()) * 0.1) + (0..<16).map { _ in UInt8(truncatingIfNeeded: next()) }
            default: bytes += half(0.01 + abs(unit()) * 0.1) + half(-abs(unit())) + (0..<16).map { _ in UInt8(truncatingIfNeeded: next()) }
            }
        }
        return bytes
    }

    static func maxRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
        let scale = max(b.map(abs).max() ?? 1, 1e-6)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test(arguments: types)
    func dequantizeMatchesReference(type: TensorType) {
        let (rows, columns) = (5, 96)
        let bytes = Self.matrix(type, rows: rows, columns: columns, seed: 7)
        let expected = ReferenceKernels.dequantize(bytes, type: type, count: rows * columns)
        var out = [Float](repeating: .nan, count: (rows - 1) * columns)
        bytes.withUnsafeBytes { raw in
            let w = QuantizedMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
            w.dequantize(rows: 1..<rows, into: &out)
        }
        #expect(out == Array(expected[columns...]))
    }

    @Test(arguments: types, [(1, 32), (4, 64), (7, 576), (13, 1536)])
    func multiplyMatchesReference(type: TensorType, shape: (rows: Int, columns: Int)) {
        let bytes = Self.matrix(type, rows: shape.rows, columns: shape.columns, seed: 11)
        let x = KernelTests.values(shape.columns, seed: 12, scale: 3)
        let expected = ReferenceKernels.multiply(bytes, type: type, rows: shape.rows, columns: shape.columns, by: x)
        let vector = QuantizedVector(capacity: shape.columns)
        var out = [Float](repeating: .nan, count: shape.rows + 2)
        bytes.withUnsafeBytes { raw in
            let w = QuantizedMatrix(type: type, rows: shape.rows, columns: shape.columns, data: raw.baseAddress!)
            vector.quantize(x, columns: shape.columns, for: type)
            out.withUnsafeMutableBufferPointer { out in
                QuantizedKernels.multiply(w, rows: 0..<shape.rows, by: vector, into: out.baseAddress! + 1)
            }
        }
        #expect(out.first!.isNaN && out.last!.isNaN, "wrote outside its rows")
        let difference = Self.maxRelativeDifference(Array(out[1...shape.rows]), expected)
        #expect(difference < 1e-5, "\(type) \(shape): max relative difference \(difference)")
    }

    /// The decoder keeps one vector per weight type for its widest input: after a wider input, a
    /// narrower one multiplies exactly as in a vector of its own size.
    @Test(arguments: types)
    func vectorServesNarrowerInputs(type: TensorType) {
        let (rows, columns) = (7, 576)
        let bytes = Self.matrix(type, rows: rows, columns: columns, seed: 13)
        let x = KernelTests.values(columns, seed: 14, scale: 3)
        let wide = KernelTests.values(1536, seed: 15, scale: 7)
        let (shared, own) = (QuantizedVector(capacity: 1536), QuantizedVector(capacity: columns))
        var (fromShared, fromOwn) = ([Float](repeating: .nan, count: rows), [Float](repeating: .nan, count: rows))
        bytes.withUnsafeBytes { raw in
            let w = QuantizedMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
            shared.quantize(wide, columns: 1536, for: type)
            shared.quantize(x, columns: columns, for: type)
            own.quantize(x, columns: columns, for: type)
            QuantizedKernels.multiply(w, rows: 0..<rows, by: shared, into: &fromShared)
            QuantizedKernels.multiply(w, rows: 0..<rows, by: own, into: &fromOwn)
        }
        #expect(fromShared == fromOwn)
    }

    @Test func quantizationMatchesReference() {
        var x = KernelTests.values(96, seed: 3, scale: 5)
        // An all-zero block has d = 0 and q = 0.
        x.replaceSubrange(64..<96, with: [Float](repeating: 0, count: 32))
        let (q, d, s) = ReferenceKernels.quantizeQ8(x)
        let vector = QuantizedVector(capacity: 96)
        vector.quantize(x, columns: 96, for: .q4_1)
        for b in 0..<3 {
            #expect(vector.scales[b] == d[b] && vector.offsets[b] == s[b])
            for i in 0..<8 {
                #expect(vector.integers[b * 64 + i] == Int16(q[b * 32 + 2 * i]))
                #expect(vector.integers[b * 64 + 8 + i] == Int16(q[b * 32 + 2 * i]))
                #expect(vector.integers[b * 64 + 48 + i] == Int16(q[b * 32 + 17 + 2 * i]))
            }
        }
        var roundTripped = x
        QuantizedVector.roundTrip(&roundTripped, rows: 1, columns: 96, for: .q8_0)
        #expect(roundTripped == (0..<96).map { Float(q[$0]) * d[$0 / 32] })
    }
}
