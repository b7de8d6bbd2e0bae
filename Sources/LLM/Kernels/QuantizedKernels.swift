/// Matrix × vector on quantised weights, the decode path's products: each block of 32 weights
/// meets the input's block of 32 integers in an integer dot product, scaled once per block, as
/// llama.cpp's vec_dot functions do. `ReferenceKernels.multiply` says the same in plain loops.
///
/// Written for what the compiler turns into AVX2: nibbles and bytes unpacked with 16-bit shifts and
/// masks on whole vectors, 16-bit multiplies and adds, pairs of lanes summed into 32 bits by shifts,
/// one vcvtdq2ps and one FMA per block. Swift's generic SIMD lane shuffles (evenHalf, widening
/// conversions) get rearranged by LLVM into byte shuffles here, so the code avoids them.
/// Rows go four at a time, two rows per 256-bit vector, so that the input's integers are loaded
/// once for four rows and four independent accumulations keep the multipliers busy.
enum QuantizedKernels {
    /// out[r] = w[r] · x for every r in `rows`; `x` must be quantised for `w.type`.
    static func multiply(_ w: QuantizedMatrix, rows: Range<Int>, by x: QuantizedVector, into out: UnsafeMutablePointer<Float>) {
        precondition(x.type == w.type && x.columns == w.columns)
        var r = rows.lowerBound
        while r < rows.upperBound {
            // A short last group repeats its last row and keeps only the rows that exist.
            let last = rows.upperBound - 1
            let group = (r, min(r + 1, last), min(r + 2, last), min(r + 3, last))
            let sums: SIMD4<Float>
            switch w.type {
            case .q4_0, .q4_1: sums = fourRowsQ4(w, group, x)
            case .q8_0: sums = fourRowsQ8(w, group, x)
            default: sums = fourRowsFloat(w, group, x)
            }
            for i in 0..<min(4, rows.upperBound - r) { out[r + i] = sums[i] }
            r += 4
        }
    }

    // MARK: Q4_0 and Q4_1

    /// Four rows of 4-bit weights against Q8 input. Per block, with nibbles n, the input integers q,
    /// the weights' scale d and offset m (Q4_1's minimum, or -8·d for Q4_0):
    /// Σ (n·d + m)·(q·dₓ) = d·dₓ·Σ n·q + m·offset, with offset = dₓ·Σq (Q8_1's s for Q4_1).
    @inline(__always)
    private static func fourRowsQ4(_ w: QuantizedMatrix, _ rows: (Int, Int, Int, Int), _ x: QuantizedVector) -> SIMD4<Float> {
        w.type == .q4_1 ? fourRowsQ4(w, rows, x, minimumAt: 2, nibblesAt: 4) : fourRowsQ4(w, rows, x, minimumAt: nil, nibblesAt: 2)
    }

    /// `minimumAt`: where Q4_1 keeps its minimum m in a block; nil for Q4_0, whose offset is -8·d.
    @inline(__always)
    private static func fourRowsQ4(
        _ w: QuantizedMatrix, _ rows: (Int, Int, Int, Int), _ x: QuantizedVector, minimumAt: Int?, nibblesAt: Int
    ) -> SIMD4<Float> {
        let (r0, r1, r2, r3) = (w.row(rows.0), w.row(rows.1), w.row(rows.2), w.row(rows.3))
        let blockBytes = w.type.blockBytes
        let (scales, inputOffsets, blocks) = (x.scales, x.offsets, x.blocks)
        let q = UnsafeRawPointer(x.integers)
        var acc01 = SIMD8<Float>(), acc23 = SIMD8<Float>()
        var offsets = SIMD4<Float>()
        for b in 0..<blocks {
            let at = b &* blockBytes
            let (b0, b1, b2, b3) = (r0 + at, r1 + at, r2 + at, r3 + at)
            let scale = SIMD4<Float>(half(b0, 0), half(b1, 0), half(b2, 0), half(b3, 0))
            let m = minimumAt.map { SIMD4<Float>(half(b0, $0), half(b1, $0), half(b2, $0), half(b3, $0)) } ?? -8 * scale
            offsets += m * inputOffsets[b]
            let d = scale * scales[b]
            let input = q + b * 128
            let q0 = input.loadUnaligned(as: SIMD16<Int16>.self)
            let q1 = input.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
            let q2 = input.loadUnaligned(fromByteOffset: 64, as: SIMD16<Int16>.self)
            let q3 = input.loadUnaligned(fromByteOffset: 96, as: SIMD16<Int16>.self)
            acc01.addProduct(spread(d[0], d[1]), nibbleDot(b0 + nibblesAt, b1 + nibblesAt, q0, q1, q2, q3))
            acc23.addProduct(spread(d[2], d[3]), nibbleDot(b2 + nibblesAt, b3 + nibblesAt, q0, q1, q2, q3))
        }
        return SIMD4(acc01.lowHalf.sum(), acc01.highHalf.sum(), acc23.lowHalf.sum(), acc23.highHalf.sum()) + offsets
    }

    /// Two rows' blocks of 16 nibble bytes against the input's block, as 8 float partial sums per row
    /// (row a in the low half). Byte j holds element j (low nibble) and element j + 16 (high nibble);
    /// read as 16-bit lanes, lane i holds bytes 2i and 2i + 1, so four masks and shifts give elements
    /// 2i, 2i + 1, 16 + 2i and 17 + 2i — the order `QuantizedVector` lays the input out in.
    @inline(__always)
    private static func nibbleDot(
        _ a: UnsafeRawPointer, _ b: UnsafeRawPointer,
        _ q0: SIMD16<Int16>, _ q1: SIMD16<Int16>, _ q2: SIMD16<Int16>, _ q3: SIMD16<Int16>
    ) -> SIMD8<Float> {
        let mask = SIMD16<UInt16>(repeating: 0x0F)
        let bytes = SIMD16<UInt16>(lowHalf: a.loadUnaligned(as: SIMD8<UInt16>.self), highHalf: b.loadUnaligned(as: SIMD8<UInt16>.self))
        let n0 = unsafeBitCast(bytes & mask, to: SIMD16<Int16>.self)
        let n1 = unsafeBitCast((bytes &>> 8) & mask, to: SIMD16<Int16>.self)
        let n2 = unsafeBitCast((bytes &>> 4) & mask, to: SIMD16<Int16>.self)
        let n3 = unsafeBitCast(bytes &>> 12, to: SIMD16<Int16>.self)
        // 15·127·4 < 2¹⁵: the sum of four products fits in 16 bits.
        return pairSums(n0 &* q0 &+ n1 &* q1 &+ n2 &* q2 &+ n3 &* q3)
    }

    // MARK: Q8_0

    /// Four rows of 8-bit weights against Q8_0 input: per block d·dₓ·Σ w·q.
    @inline(__always)
    private static func fourRowsQ8(_ w: QuantizedMatrix, _ rows: (Int, Int, Int, Int), _ x: QuantizedVector) -> SIMD4<Float> {
        let (r0, r1, r2, r3) = (w.row(rows.0), w.row(rows.1), w.row(rows.2), w.row(rows.3))
        let (scales, blocks) = (x.scales, x.blocks)
        let q = UnsafeRawPointer(x.integers)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        for b in 0..<blocks {
            let at = b &* 34
            let (b0, b1, b2, b3) = (r0 + at, r1 + at, r2 + at, r3 + at)
            let d = SIMD4<Float>(half(b0, 0), half(b1, 0), half(b2, 0), half(b3, 0)) * scales[b]
            let even = (q + b * 64).loadUnaligned(as: SIMD16<Int16>.self)
            let odd = (q + b * 64).loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
            acc0.addProduct(SIMD8(repeating: d[0]), byteDot(b0 + 2, even, odd))
            acc1.addProduct(SIMD8(repeating: d[1]), byteDot(b1 + 2, even, odd))
            acc2.addProduct(SIMD8(repeating: d[2]), byteDot(b2 + 2, even, odd))
            acc3.addProduct(SIMD8(repeating: d[3]), byteDot(b3 + 2, even, odd))
        }
        return SIMD4(acc0.sum(), acc1.sum(), acc2.sum(), acc3.sum())
    }

    /// One row's 32 signed bytes against the input's block, as 8 float partial sums. Read as 16-bit
    /// lanes, lane i holds bytes 2i (low) and 2i + 1 (high); arithmetic shifts sign-extend each.
    @inline(__always)
    private static func byteDot(_ weights: UnsafeRawPointer, _ even: SIMD16<Int16>, _ odd: SIMD16<Int16>) -> SIMD8<Float> {
        let lanes = weights.loadUnaligned(as: SIMD16<Int16>.self)
        // |w| ≤ 128 and |q| ≤ 127: the sum of two products fits in 16 bits.
        return pairSums(((lanes &<< 8) &>> 8) &* even &+ (lanes &>> 8) &* odd)
    }

    // MARK: F32 and F16

    /// Four rows of float weights against the input as float (rounded to float16 for F16 weights).
    @inline(__always)
    private static func fourRowsFloat(_ w: QuantizedMatrix, _ rows: (Int, Int, Int, Int), _ x: QuantizedVector) -> SIMD4<Float> {
        SIMD4(floatDot(w, rows.0, x), floatDot(w, rows.1, x), floatDot(w, rows.2, x), floatDot(w, rows.3, x))
    }

    private static func floatDot(_ w: QuantizedMatrix, _ r: Int, _ x: QuantizedVector) -> Float {
        var lanes = SIMD8<Float>()
        var total: Float = 0
        let K = w.columns
        let full = K / 8 * 8
        if w.type == .f32 {
            let row = w.row(r)
            for i in stride(from: 0, to: full, by: 8) {
                lanes += row.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                    * UnsafeRawPointer(x.floats + i).loadUnaligned(as: SIMD8<Float>.self)
            }
            for i in full..<K { total += row.loadUnaligned(fromByteOffset: i * 4, as: Float.self) * x.floats[i] }
        } else {
            let row = w.row(r).assumingMemoryBound(to: Float16.self)
            for i in 0..<K { total += Float(row[i]) * x.floats[i] }
        }
        return lanes.sum() + total
    }

    // MARK: Helpers

    @inline(__always)
    private static func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(block.loadUnaligned(fromByteOffset: offset, as: Float16.self))
    }

    /// (a, a, a, a, b, b, b, b): one scale for each row of a two-row vector.
    @inline(__always)
    private static func spread(_ a: Float, _ b: Float) -> SIMD8<Float> {
        SIMD8(lowHalf: SIMD4(repeating: a), highHalf: SIMD4(repeating: b))
    }

    /// Adjacent 16-bit lanes summed into 32-bit lanes (by shifts: a sign-extended low half plus an
    /// arithmetic-shifted high half), as floats.
    @inline(__always)
    private static func pairSums(_ p: SIMD16<Int16>) -> SIMD8<Float> {
        let v = unsafeBitCast(p, to: SIMD8<Int32>.self)
        return SIMD8<Float>(((v &<< 16) &>> 16) &+ (v &>> 16))
    }
}
