/// One activation vector (K floats, up to the capacity) made ready for `QuantizedKernels.multiply`
/// against weights of one type.
///
/// Like llama.cpp, a product with quantised weights quantises its input too: blocks of 32 values
/// become 8-bit integers q with one scale d = max|x| / 127 (rounded to float16), so that each
/// block's product is an integer dot product. Q4_1 weights pair with Q8_1 input, which also keeps
/// s = d·Σq (rounded to float16) for the weights' minimum; Q4_0 and Q8_0 pair with Q8_0 input.
/// F16 weights meet the input rounded to float16, F32 weights the input as it is.
/// Doing exactly what llama.cpp does is what keeps the logits within rounding of its logits.
final class QuantizedVector: @unchecked Sendable {  // one writer (the decoder) between reads
    /// The most columns the vector holds.
    let capacity: Int
    /// K and the type of the last `quantize`.
    private(set) var columns = 0
    private(set) var type: TensorType = .f32

    /// The input as the F32/F16 kernels read it.
    let floats: UnsafeMutablePointer<Float>
    /// Per block: d.
    let scales: UnsafeMutablePointer<Float>
    /// Per block, what multiplies the weights' per-block offset: Q8_1's s for Q4_1, d·Σq for Q4_0.
    let offsets: UnsafeMutablePointer<Float>
    /// The integers, widened to Int16 and laid out for the kernel of `type`:
    /// Q4_x: per block four groups of 8 (elements 2i, 2i+1, 16+2i, 17+2i), each group twice (64 values),
    /// matching the order in which the kernel unpacks two rows' nibbles into one 16-lane vector;
    /// Q8_0: per block the 16 even elements, then the 16 odd ones (32 values).
    let integers: UnsafeMutablePointer<Int16>

    /// Room for inputs of up to `capacity` columns, so that one vector serves products of several widths.
    init(capacity: Int) {
        self.capacity = capacity
        let blocks = (capacity + 31) / 32
        floats = .allocate(capacity: max(capacity, 1))
        scales = .allocate(capacity: max(blocks, 1))
        offsets = .allocate(capacity: max(blocks, 1))
        integers = .allocate(capacity: max(blocks * 64, 1))
    }

    deinit {
        floats.deallocate()
        scales.deallocate()
        offsets.deallocate()
        integers.deallocate()
    }

    /// Quantises `x` (K = `columns` floats, at most the capacity) for a product with weights of `type`.
    func quantize(_ x: UnsafePointer<Float>, columns: Int, for type: TensorType) {
        precondition(columns <= capacity)
        self.columns = columns
        self.type = type
        switch type {
        case .f32:
            floats.update(from: x, count: columns)
        case .f16:
            for i in 0..<columns { floats[i] = Float(Float16(x[i])) }
        case .q4_0, .q4_1, .q8_0:
            precondition(columns % 32 == 0)
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: 32) { buffer in
                let q = buffer.baseAddress!
                for b in 0..<columns / 32 {
                    let (d, sum) = Self.quantizeBlock(x + b * 32, into: q)
                    scales[b] = Float(Float16(d))
                    offsets[b] = type == .q4_1 ? Float(Float16(d * Float(sum))) : scales[b] * Float(sum)
                    if type == .q8_0 {
                        let out = integers + b * 32
                        for i in 0..<16 {
                            out[i] = Int16(q[2 * i])
                            out[16 + i] = Int16(q[2 * i + 1])
                        }
                    } else {
                        let out = integers + b * 64
                        for i in 0..<8 {
                            for half in stride(from: 0, through: 8, by: 8) {
                                out[half + i] = Int16(q[2 * i])
                                out[16 + half + i] = Int16(q[2 * i + 1])
                                out[32 + half + i] = Int16(q[16 + 2 * i])
                                out[48 + half + i] = Int16(q[17 + 2 * i])
                            }
                        }
                    }
                }
            }
        default:
            preconditionFailure("unsupported tensor type \(type)")
        }
    }

    /// One block of 32 values as llama.cpp's quantize_row_q8_0/q8_1 make it: d = max|x| / 127,
    /// q = x·(127 / max|x|) rounded half to even. Returns d (unrounded) and Σq.
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into q: UnsafeMutablePointer<Int8>) -> (d: Float, sum: Int32) {
        var maximum: Float = 0
        for i in 0..<32 { maximum = max(maximum, abs(x[i])) }
        let inverse = maximum != 0 ? 127 / maximum : 0
        var sum: Int32 = 0
        for i in 0..<32 {
            let value = Int8((x[i] * inverse).rounded(.toNearestOrEven))
            q[i] = value
            sum += Int32(value)
        }
        return (maximum / 127, sum)
    }

    /// Replaces each value of `x` (rows, K) by what the integer kernels see for weights of `type`:
    /// q·d for quantised weights, the float16 rounding for F16. The batched path multiplies these
    /// with dequantised weights in float32 and so computes the products the integer kernels compute,
    /// but for one term: Q4_1's minimum meets Q8_1's s = d·Σq rounded to float16, where the rounded
    /// values sum to d·Σq exactly. For Q4_1, `sumCorrections` (rows, K/32) receives the difference
    /// s − d·Σq of each block, for the caller to multiply with the weights' minimums.
    static func roundTrip(
        _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, for type: TensorType,
        sumCorrections: UnsafeMutablePointer<Float>? = nil
    ) {
        switch type {
        case .f32:
            return
        case .f16:
            for i in 0..<rows * columns { x[i] = Float(Float16(x[i])) }
        default:
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: 32) { buffer in
                let q = buffer.baseAddress!
                for b in 0..<rows * columns / 32 {
                    let block = x + b * 32
                    let (unrounded, sum) = quantizeBlock(block, into: q)
                    let d = Float(Float16(unrounded))
                    for i in 0..<32 { block[i] = Float(q[i]) * d }
                    sumCorrections?[b] = Float(Float16(unrounded * Float(sum))) - d * Float(sum)
                }
            }
        }
    }
}
