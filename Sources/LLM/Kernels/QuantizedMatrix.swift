/// A weight matrix (N, K) in one of the supported tensor types, laid out for the kernels.
/// Row r holds output r's K weights.
///
/// F32 and F16 rows are read in place from the mapped file. Quantised matrices are copied once, when
/// the model loads, into groups of four rows: for each block position, the four rows' scales
/// (float16), then Q4_1's four minimums, then the four rows' quantised bytes:
///
///     Q4_0: d d d d | 16 B row 0 | row 1 | row 2 | row 3                      72 bytes
///     Q4_1: d d d d | m m m m | 16 B row 0 | row 1 | row 2 | row 3            80 bytes
///     Q8_0: d d d d | 32 B row 0 | row 1 | row 2 | row 3                      136 bytes
///
/// So the decode kernel, which works on four rows at a time, reads one sequential stream (the
/// hardware prefetcher follows it) and converts four scales with one instruction. The values are
/// the file's, bit for bit; the last group is padded with zero rows.
final class QuantizedMatrix: @unchecked Sendable {  // immutable after init
    let type: TensorType
    let rows: Int  // N
    let columns: Int  // K
    /// Blocks per row (K / 32), 0 for F32 and F16.
    let blocks: Int
    /// Bytes of one block position of one group of four rows.
    let groupBlockBytes: Int
    /// Where the scales, minimums and quantised bytes start in a group-block.
    let minimumsOffset: Int
    let quantsOffset: Int
    /// Bytes of one row's quantised values in one block (16 for 4-bit, 32 for 8-bit).
    let quantBytes: Int

    private let base: UnsafeRawPointer
    private let storage: UnsafeMutableRawPointer?

    /// `data` holds the matrix as GGUF stores it; F32 and F16 data must outlive the matrix.
    init(type: TensorType, rows: Int, columns: Int, data: UnsafeRawPointer) {
        precondition(type.isSupported && columns % type.blockElements == 0)
        self.type = type
        self.rows = rows
        self.columns = columns
        switch type {
        case .q4_0, .q4_1, .q8_0:
            blocks = columns / 32
            quantBytes = type == .q8_0 ? 32 : 16
            minimumsOffset = 8
            quantsOffset = type == .q4_1 ? 16 : 8
            groupBlockBytes = quantsOffset + 4 * quantBytes
            let groups = (rows + 3) / 4
            let packed = UnsafeMutableRawPointer.allocate(byteCount: max(1, groups * blocks * groupBlockBytes), alignment: 64)
            packed.initializeMemory(as: UInt8.self, repeating: 0, count: groups * blocks * groupBlockBytes)
            Self.pack(data, into: packed, type: type, rows: rows, blocks: blocks, layout: (groupBlockBytes, quantsOffset, quantBytes))
            storage = packed
            base = UnsafeRawPointer(packed)
        default:
            (blocks, groupBlockBytes, minimumsOffset, quantsOffset, quantBytes) = (0, 0, 0, 0, 0)
            storage = nil
            base = data
        }
    }

    deinit { storage?.deallocate() }

    /// True when the matrix holds its own regrouped copy of the file's data.
    var isCopy: Bool { storage != nil }

    /// Group g (rows 4g ..< 4g + 4) of a quantised matrix.
    func group(_ g: Int) -> UnsafeRawPointer { base + g * blocks * groupBlockBytes }

    /// Row r of an F32 or F16 matrix.
    func floatRow(_ r: Int) -> UnsafeRawPointer { base + r * columns * type.blockBytes }

    /// Rows `rows` as float32, written to `out` (rows.count, K). Each element is exactly the value
    /// the format defines (a quantised weight q·d + m is exact in float32).
    func dequantize(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        for r in rows {
            let target = out + (r - rows.lowerBound) * columns
            switch type {
            case .f32:
                target.update(from: floatRow(r).assumingMemoryBound(to: Float.self), count: columns)
            case .f16:
                let halves = floatRow(r).assumingMemoryBound(to: Float16.self)
                for i in 0..<columns { target[i] = Float(halves[i]) }
            case .q8_0:
                for b in 0..<blocks {
                    let (d, _, quants) = block(row: r, b)
                    let q = quants.assumingMemoryBound(to: Int8.self)
                    for i in 0..<32 { target[b * 32 + i] = Float(q[i]) * d }
                }
            default:
                for b in 0..<blocks {
                    let (d, m, quants) = block(row: r, b)
                    let q = quants.assumingMemoryBound(to: UInt8.self)
                    // Byte j holds element j in its low nibble and element j + 16 in its high nibble.
                    for j in 0..<16 {
                        target[b * 32 + j] = Float(q[j] & 0x0F) * d + m
                        target[b * 32 + j + 16] = Float(q[j] >> 4) * d + m
                    }
                }
            }
        }
    }

    /// The per-block minimums m of Q4_1 rows `rows`, written to `out` (rows.count, K/32).
    func minimums(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        precondition(type == .q4_1)
        for r in rows {
            for b in 0..<blocks { out[(r - rows.lowerBound) * blocks + b] = block(row: r, b).offset }
        }
    }

    /// Row r's block b: its scale d, its offset (Q4_1's minimum m, -8·d for Q4_0, 0 for Q8_0) and its quantised bytes.
    private func block(row r: Int, _ b: Int) -> (d: Float, offset: Float, quants: UnsafeRawPointer) {
        let start = group(r / 4) + b * groupBlockBytes
        let i = r % 4
        let d = Float(start.loadUnaligned(fromByteOffset: 2 * i, as: Float16.self))
        let offset: Float =
            switch type {
            case .q4_1: Float(start.loadUnaligned(fromByteOffset: minimumsOffset + 2 * i, as: Float16.self))
            case .q4_0: -8 * d
            default: 0
            }
        return (d, offset, start + quantsOffset + i * quantBytes)
    }

    /// Copies GGUF blocks (d, [m], quants) of `rows` rows into the grouped layout.
    private static func pack(
        _ source: UnsafeRawPointer, into target: UnsafeMutableRawPointer, type: TensorType, rows: Int, blocks: Int,
        layout: (groupBlockBytes: Int, quantsOffset: Int, quantBytes: Int)
    ) {
        let hasMinimum = type == .q4_1
        let sourceQuants = hasMinimum ? 4 : 2
        for r in 0..<rows {
            let (g, i) = (r / 4, r % 4)
            for b in 0..<blocks {
                let from = source + (r * blocks + b) * type.blockBytes
                let to = target + (g * blocks + b) * layout.groupBlockBytes
                (to + 2 * i).copyMemory(from: from, byteCount: 2)
                if hasMinimum { (to + 8 + 2 * i).copyMemory(from: from + 2, byteCount: 2) }
                (to + layout.quantsOffset + i * layout.quantBytes).copyMemory(from: from + sourceQuants, byteCount: layout.quantBytes)
            }
        }
    }
}
