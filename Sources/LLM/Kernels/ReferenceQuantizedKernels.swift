/// The quantised formats and their products in plain loops, straight from their definitions;
/// the tests hold `QuantizedMatrix`, `QuantizedVector` and `QuantizedKernels` to these.
extension ReferenceKernels {
    /// The `count` values stored in `bytes` as `type`.
    static func dequantize(_ bytes: [UInt8], type: TensorType, count: Int) -> [Float] {
        func half(_ at: Int) -> Float { Float(Float16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)) }
        return (0..<count).map { i in
            let (block, j) = (i / type.blockElements * type.blockBytes, i % type.blockElements)
            switch type {
            case .f32: return Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * i + $1]) << (8 * $1) })
            case .f16: return half(2 * i)
            case .q8_0: return Float(Int8(bitPattern: bytes[block + 2 + j])) * half(block)
            case .q4_0: return (Float(nibble(bytes, block + 2, j)) - 8) * half(block)
            case .q4_1: return Float(nibble(bytes, block + 4, j)) * half(block) + half(block + 2)
            default: preconditionFailure("unsupported tensor type \(type)")
            }
        }
    }

    /// Element j of a 32-element block whose 16 nibble bytes start at `start`: low nibbles first.
    private static func nibble(_ bytes: [UInt8], _ start: Int, _ j: Int) -> UInt8 {
        j < 16 ? bytes[start + j] & 0x0F : bytes[start + j - 16] >> 4
    }

    /// llama.cpp's Q8 quantisation of `x`: per block of 32, d = max|x| / 127 and q = round(x / d),
    /// with d and s = d·Σq stored as float16.
    static func quantizeQ8(_ x: [Float]) -> (q: [Int8], d: [Float], s: [Float]) {
        var (q, d, s) = ([Int8](), [Float](), [Float]())
        for start in stride(from: 0, to: x.count, by: 32) {
            let block = x[start..<start + 32]
            let maximum = block.map(abs).max()!
            let values = block.map { Int8(($0 * (maximum == 0 ? 0 : 127 / maximum)).rounded(.toNearestOrEven)) }
            q += values
            d.append(Float(Float16(maximum / 127)))
            s.append(Float(Float16(maximum / 127 * Float(values.reduce(0) { $0 + Int($1) }))))
        }
        return (q, d, s)
    }

    /// w (N, K) · x as llama.cpp computes it: the input quantised to match the weights' type and,
    /// per block, the integer dot product times both scales (plus Q4_1's minimum times s). In Double.
    static func multiply(_ bytes: [UInt8], type: TensorType, rows: Int, columns: Int, by x: [Float]) -> [Float] {
        let w = dequantize(bytes, type: type, count: rows * columns)
        switch type {
        case .f32, .f16:
            let input = type == .f16 ? x.map { Float(Float16($0)) } : x
            return (0..<rows).map { r in Float((0..<columns).reduce(0.0) { $0 + Double(w[r * columns + $1]) * Double(input[$1]) }) }
        default:
            let (q, d, s) = quantizeQ8(x)
            let rowBytes = columns / 32 * type.blockBytes
            func half(_ at: Int) -> Double { Double(Float16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)) }
            return (0..<rows).map { r in
                var total = 0.0
                for b in 0..<columns / 32 {
                    let block = r * rowBytes + b * type.blockBytes
                    var integers = 0
                    for j in 0..<32 {
                        let stored: Int
                        switch type {
                        case .q8_0: stored = Int(Int8(bitPattern: bytes[block + 2 + j]))
                        case .q4_0: stored = Int(nibble(bytes, block + 2, j)) - 8
                        default: stored = Int(nibble(bytes, block + 4, j))
                        }
                        integers += stored * Int(q[b * 32 + j])
                    }
                    total += half(block) * Double(d[b]) * Double(integers)
                    if type == .q4_1 { total += half(block + 2) * Double(s[b]) }
                }
                return Float(total)
            }
        }
    }
}
