import CBFloat16

/// A linear layer's weight rounded to bfloat16 and packed for the AVX-512 BF16 kernel
/// (`rag_bf16_linear`), which does twice the work per instruction of fp32 sgemm.
final class BFloat16Weight: @unchecked Sendable {  // written only in init
    private let packed: UnsafeMutablePointer<UInt16>
    let outputs: Int
    let inputs: Int

    /// Whether this CPU runs the kernel.
    static let isAvailable = rag_bf16_available() != 0

    /// The packed copy of `weight` (outputs, inputs), or nil when its shape does not fit the kernel's tiles.
    init?(_ weight: UnsafePointer<Float>, outputs: Int, inputs: Int) {
        guard Self.isAvailable, rag_bf16_fits(Int32(outputs), Int32(inputs)) != 0 else { return nil }
        (self.outputs, self.inputs) = (outputs, inputs)
        packed = .allocate(capacity: rag_bf16_packed_count(Int32(outputs), Int32(inputs)))
        rag_bf16_pack(weight, Int32(outputs), Int32(inputs), packed)
    }

    deinit { packed.deallocate() }

    /// Scratch values `product` needs for `rows` rows of `inputs`.
    static func scratchCount(rows: Int, inputs: Int) -> Int { rag_bf16_scratch_count(Int32(rows), Int32(inputs)) }

    /// out (T, outputs) = x (T, inputs) · weightᵀ, on bfloat16-rounded operands summed in fp32.
    func product(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<UInt16>) {
        rag_bf16_linear(out, x, Int32(rows), Int32(inputs), packed, Int32(outputs), scratch)
    }
}
