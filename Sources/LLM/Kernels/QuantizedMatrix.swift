/// A weight matrix (N, K) in one of the supported tensor types, read in place from a mapped model file.
/// Row r holds output r's K weights; quantised rows are K/32 blocks of `type.blockBytes` bytes.
struct QuantizedMatrix: @unchecked Sendable {  // points into an immutable mapping that outlives it
    let type: TensorType
    let rows: Int  // N
    let columns: Int  // K
    let base: UnsafeRawPointer
    let rowBytes: Int

    init(type: TensorType, rows: Int, columns: Int, base: UnsafeRawPointer) {
        precondition(type.isSupported && columns % type.blockElements == 0)
        self.type = type
        self.rows = rows
        self.columns = columns
        self.base = base
        rowBytes = columns / type.blockElements * type.blockBytes
    }

    func row(_ r: Int) -> UnsafeRawPointer { base + r * rowBytes }

    /// The per-block minimums m of Q4_1 rows `rows`, written to `out` (rows.count, K/32).
    func minimums(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        precondition(type == .q4_1)
        let blocks = columns / 32
        for r in rows {
            for b in 0..<blocks {
                out[(r - rows.lowerBound) * blocks + b] = Float(row(r).loadUnaligned(fromByteOffset: b * 20 + 2, as: Float16.self))
            }
        }
    }

    /// Rows `rows` as float32, written to `out` (rows.count, K). Each element is exactly the value
    /// the format defines (a quantised weight q·d + m is exact in float32).
    func dequantize(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        for r in rows {
            let source = row(r)
            let target = out + (r - rows.lowerBound) * columns
            switch type {
            case .f32:
                target.update(from: source.assumingMemoryBound(to: Float.self), count: columns)
            case .f16:
                let halves = source.assumingMemoryBound(to: Float16.self)
                for i in 0..<columns { target[i] = Float(halves[i]) }
            case .q8_0:
                for b in 0..<columns / 32 {
                    let block = source + b * 34
                    let d = Float(block.loadUnaligned(as: Float16.self))
                    let q = (block + 2).assumingMemoryBound(to: Int8.self)
                    for i in 0..<32 { target[b * 32 + i] = Float(q[i]) * d }
                }
            case .q4_0, .q4_1:
                let isQ4_1 = type == .q4_1
                let blockBytes = type.blockBytes
                for b in 0..<columns / 32 {
                    let block = source + b * blockBytes
                    let d = Float(block.loadUnaligned(as: Float16.self))
                    let m = isQ4_1 ? Float(block.loadUnaligned(fromByteOffset: 2, as: Float16.self)) : -8 * d
                    let q = (block + (isQ4_1 ? 4 : 2)).assumingMemoryBound(to: UInt8.self)
                    // Byte j holds element j in its low nibble and element j + 16 in its high nibble.
                    for j in 0..<16 {
                        target[b * 32 + j] = Float(q[j] & 0x0F) * d + m
                        target[b * 32 + j + 16] = Float(q[j] >> 4) * d + m
                    }
                }
            default:
                preconditionFailure("unsupported tensor type \(type)")
            }
        }
    }
}
