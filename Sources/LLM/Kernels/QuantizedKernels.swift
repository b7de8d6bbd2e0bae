import CPrefetch

/// Matrix × vector on quantised weights, the decode path's products: each block of 32 weights
/// meets the input's block of 32 integers in an integer dot product, scaled once per block, as
/// llama.cpp's vec_dot functions do. `ReferenceKernels.multiply` says the same in plain loops.
///
/// Written for what the compiler turns into AVX2: nibbles and bytes unpacked with 16-bit shifts and
/// masks on whole vectors, 16-bit multiplies and adds, pairs of lanes summed into 32 bits by shifts,
/// one vcvtdq2ps and one FMA per block. Swift's generic SIMD lane shuffles (evenHalf, widening
/// conversions) get rearranged by LLVM into byte shuffles here, so the code avoids them.
/// Rows go four at a time (a group of `QuantizedMatrix`), two rows per 256-bit vector, so that the
/// input's integers are loaded once for four rows and independent accumulations keep the multipliers busy.
enum QuantizedKernels {
    /// out[r] = w[r] · x for every r in `rows`; `x` must be quantised for `w.type`.
    static func multiply(_ w: QuantizedMatrix, rows: Range<Int>, by x: QuantizedVector, into out: UnsafeMutablePointer<Float>) {
        precondition(x.type == w.type && x.columns == w.columns && rows.upperBound <= w.rows)
        guard !rows.isEmpty else { return }
        for g in rows.lowerBound / 4...(rows.upperBound - 1) / 4 {
            let sums: SIMD4<Float>
            switch w.type {
            case .q4_0: sums = groupQ4(w, g, x, hasMinimum: false)
            case .q4_1: sums = groupQ4(w, g, x, hasMinimum: true)
            case .q8_0: sums = groupQ8(w, g, x)
            default: sums = SIMD4((0..<4).map { floatDot(w, min(4 * g + $0, rows.upperBound - 1), x) })
            }
            for i in 0..<4 where rows.contains(4 * g + i) { out[4 * g + i] = sums[i] }
        }
    }

    // MARK: Q4_0 and Q4_1

    /// Group g's four rows of 4-bit weights against Q8 input. Per block, with nibbles n, the input
    /// integers q, the weights' scale d and offset m (Q4_1's minimum, or -8·d for Q4_0):
    /// Σ (n·d + m)·(q·dₓ) = d·dₓ·Σ n·q + m·offset, with offset = dₓ·Σq (Q8_1's s for Q4_1).
    @inline(__always)
    private static func groupQ4(_ w: QuantizedMatrix, _ g: Int, _ x: QuantizedVector, hasMinimum: Bool) -> SIMD4<Float> {
        let (start, ahead) = (w.group(g), w.group(g + lookahead))
        let (step, quantsOffset) = (w.groupBlockBytes, w.quantsOffset)
        let (scales, inputOffsets) = (x.scales, x.offsets)
        let q = UnsafeRawPointer(x.integers)
        var acc01 = SIMD8<Float>(), acc23 = SIMD8<Float>()
        var offsets = SIMD4<Float>()
        for b in 0..<w.blocks {
            let block = start + b &* step
            prefetch(ahead + b &* step, step)
            let scale = SIMD4<Float>(block.loadUnaligned(as: SIMD4<Float16>.self))
            let m = hasMinimum ? SIMD4<Float>(block.loadUnaligned(fromByteOffset: 8, as: SIMD4<Float16>.self)) : -8 * scale
            offsets.addProduct(m, SIMD4(repeating: inputOffsets[b]))
            let d = scale * scales[b]
            let input = q + b &* 128
            let q0 = input.loadUnaligned(as: SIMD16<Int16>.self)
            let q1 = input.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
            let q2 = input.loadUnaligned(fromByteOffset: 64, as: SIMD16<Int16>.self)
            let q3 = input.loadUnaligned(fromByteOffset: 96, as: SIMD16<Int16>.self)
            let quants = block + quantsOffset
            acc01.addProduct(spread(d[0], d[1]), nibbleDot(quants.loadUnaligned(as: SIMD16<UInt16>.self), q0, q1, q2, q3))
            acc23.addProduct(spread(d[2], d[3]), nibbleDot(quants.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt16>.self), q0, q1, q2, q3))
        }
        return SIMD4(acc01.lowHalf.sum(), acc01.highHalf.sum(), acc23.lowHalf.sum(), acc23.highHalf.sum()) + offsets
    }

    /// Two rows' 16 nibble bytes of one block (row a in the low half) against the input's block, as
    /// 8 float partial sums per row. Byte j holds element j (low nibble) and element j + 16 (high
    /// nibble); read as 16-bit lanes, lane i holds bytes 2i and 2i + 1, so four masks and shifts
    /// give elements 2i, 2i + 1, 16 + 2i and 17 + 2i — the order `QuantizedVector` lays the input out in.
    @inline(__always)
    private static func nibbleDot(
        _ bytes: SIMD16<UInt16>, _ q0: SIMD16<Int16>, _ q1: SIMD16<Int16>, _ q2: SIMD16<Int16>, _ q3: SIMD16<Int16>
    ) -> SIMD8<Float> {
        let mask = SIMD16<UInt16>(repeating: 0x0F)
        let n0 = unsafeBitCast(bytes & mask, to: SIMD16<Int16>.self)
        let n1 = unsafeBitCast((bytes &>> 8) & mask, to: SIMD16<Int16>.self)
        let n2 = unsafeBitCast((bytes &>> 4) & mask, to: SIMD16<Int16>.self)
        let n3 = unsafeBitCast(bytes &>> 12, to: SIMD16<Int16>.self)
        // 15·127·4 < 2¹⁵: the sum of four products fits in 16 bits.
        return pairSums(n0 &* q0 &+ n1 &* q1 &+ n2 &* q2 &+ n3 &* q3)
    }

    // MARK: Q8_0

    /// Group g's four rows of 8-bit weights against Q8_0 input: per block d·dₓ·Σ w·q.
    @inline(__always)
    private static func groupQ8(_ w: QuantizedMatrix, _ g: Int, _ x: QuantizedVector) -> SIMD4<Float> {
        let (start, ahead) = (w.group(g), w.group(g + lookahead))
        let (step, quantsOffset) = (w.groupBlockBytes, w.quantsOffset)
        let scales = x.scales
        let q = UnsafeRawPointer(x.integers)
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
        for b in 0..<w.blocks {
            let block = start + b &* step
            prefetch(ahead + b &* step, step)
            let d = SIMD4<Float>(block.loadUnaligned(as: SIMD4<Float16>.self)) * scales[b]
            let even = (q + b &* 64).loadUnaligned(as: SIMD16<Int16>.self)
            let odd = (q + b &* 64).loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
            let quants = block + quantsOffset
            acc0.addProduct(SIMD8(repeating: d[0]), byteDot(quants, even, odd))
            acc1.addProduct(SIMD8(repeating: d[1]), byteDot(quants + 32, even, odd))
            acc2.addProduct(SIMD8(repeating: d[2]), byteDot(quants + 64, even, odd))
            acc3.addProduct(SIMD8(repeating: d[3]), byteDot(quants + 96, even, odd))
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

    /// Row r of float weights against the input as float (rounded to float16 for F16 weights).
    private static func floatDot(_ w: QuantizedMatrix, _ r: Int, _ x: QuantizedVector) -> Float {
        var lanes = SIMD8<Float>()
        var total: Float = 0
        let K = w.columns
        let full = K / 8 * 8
        if w.type == .f32 {
            let row = w.floatRow(r)
            for i in stride(from: 0, to: full, by: 8) {
                lanes.addProduct(
                    row.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
                    UnsafeRawPointer(x.floats + i).loadUnaligned(as: SIMD8<Float>.self))
            }
            for i in full..<K { total += row.loadUnaligned(fromByteOffset: i * 4, as: Float.self) * x.floats[i] }
        } else {
            let row = w.floatRow(r).assumingMemoryBound(to: Float16.self)
            for i in 0..<K { total += Float(row[i]) * x.floats[i] }
        }
        return lanes.sum() + total
    }

    // MARK: Helpers

    /// Groups ahead of the current one whose blocks are requested early. The layout is one stream,
    /// but the hardware prefetcher alone leaves the kernel waiting on DRAM (measured: 10.4 → 14.1
    /// GMAC/s on a 36 MB Q4_1 matrix when prefetching two groups ahead).
    static let lookahead = 2

    /// Asks for one group-block (`bytes` long, so it may span two cache lines). A prefetch never
    /// faults, so past the matrix's end it is harmless.
    @inline(__always)
    private static func prefetch(_ block: UnsafeRawPointer, _ bytes: Int) {
        rag_prefetch(block)
        rag_prefetch(block + bytes - 1)
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
