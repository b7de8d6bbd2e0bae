/// A GGML tensor element type, as GGUF files number them: how many elements one block holds
/// and how many bytes it takes. Quantised types store their elements in blocks with shared scales.
///
/// The table lists every type GGUF files use (ggml.h's `ggml_type`), so that any valid file can be
/// read and bounds-checked; the decoder computes with only a few of them (`isSupported`).
public struct TensorType: Sendable, Equatable, CustomStringConvertible {
    public let id: UInt32
    public let name: String
    /// Elements per block; 1 for plain types.
    public let blockElements: Int
    public let blockBytes: Int

    public var description: String { name }

    /// Ids identify types; comparing only them keeps the kernels' type checks cheap.
    public static func == (a: TensorType, b: TensorType) -> Bool { a.id == b.id }

    public static let f32 = TensorType(id: 0, name: "F32", blockElements: 1, blockBytes: 4)
    public static let f16 = TensorType(id: 1, name: "F16", blockElements: 1, blockBytes: 2)
    /// 32 weights: f16 scale d, 16 bytes of 4-bit q; w = (q - 8)·d.
    public static let q4_0 = TensorType(id: 2, name: "Q4_0", blockElements: 32, blockBytes: 18)
    /// 32 weights: f16 scale d, f16 minimum m, 16 bytes of 4-bit q; w = q·d + m.
    public static let q4_1 = TensorType(id: 3, name: "Q4_1", blockElements: 32, blockBytes: 20)
    /// 32 weights: f16 scale d, 32 signed bytes q; w = q·d.
    public static let q8_0 = TensorType(id: 8, name: "Q8_0", blockElements: 32, blockBytes: 34)

    /// The types the decoder can multiply with.
    public var isSupported: Bool { [Self.f32, .f16, .q4_0, .q4_1, .q8_0].contains(self) }

    /// Every type id a GGUF file may hold, with its block geometry (ids 4, 5 and 31–33, 36–38 were retired).
    static let all: [TensorType] = [
        f32, f16, q4_0, q4_1,
        TensorType(id: 6, name: "Q5_0", blockElements: 32, blockBytes: 22),
        TensorType(id: 7, name: "Q5_1", blockElements: 32, blockBytes: 24),
        q8_0,
        TensorType(id: 9, name: "Q8_1", blockElements: 32, blockBytes: 36),
        TensorType(id: 10, name: "Q2_K", blockElements: 256, blockBytes: 84),
        TensorType(id: 11, name: "Q3_K", blockElements: 256, blockBytes: 110),
        TensorType(id: 12, name: "Q4_K", blockElements: 256, blockBytes: 144),
        TensorType(id: 13, name: "Q5_K", blockElements: 256, blockBytes: 176),
        TensorType(id: 14, name: "Q6_K", blockElements: 256, blockBytes: 210),
        TensorType(id: 15, name: "Q8_K", blockElements: 256, blockBytes: 292),
        TensorType(id: 16, name: "IQ2_XXS", blockElements: 256, blockBytes: 66),
        TensorType(id: 17, name: "IQ2_XS", blockElements: 256, blockBytes: 74),
        TensorType(id: 18, name: "IQ3_XXS", blockElements: 256, blockBytes: 98),
        TensorType(id: 19, name: "IQ1_S", blockElements: 256, blockBytes: 50),
        TensorType(id: 20, name: "IQ4_NL", blockElements: 32, blockBytes: 18),
        TensorType(id: 21, name: "IQ3_S", blockElements: 256, blockBytes: 110),
        TensorType(id: 22, name: "IQ2_S", blockElements: 256, blockBytes: 82),
        TensorType(id: 23, name: "IQ4_XS", blockElements: 256, blockBytes: 136),
        TensorType(id: 24, name: "I8", blockElements: 1, blockBytes: 1),
        TensorType(id: 25, name: "I16", blockElements: 1, blockBytes: 2),
        TensorType(id: 26, name: "I32", blockElements: 1, blockBytes: 4),
        TensorType(id: 27, name: "I64", blockElements: 1, blockBytes: 8),
        TensorType(id: 28, name: "F64", blockElements: 1, blockBytes: 8),
        TensorType(id: 29, name: "IQ1_M", blockElements: 256, blockBytes: 56),
        TensorType(id: 30, name: "BF16", blockElements: 1, blockBytes: 2),
        TensorType(id: 34, name: "TQ1_0", blockElements: 256, blockBytes: 54),
        TensorType(id: 35, name: "TQ2_0", blockElements: 256, blockBytes: 66),
        TensorType(id: 39, name: "MXFP4", blockElements: 32, blockBytes: 17),
        TensorType(id: 40, name: "NVFP4", blockElements: 64, blockBytes: 36),
        TensorType(id: 41, name: "Q1_0", blockElements: 128, blockBytes: 18),
        TensorType(id: 42, name: "Q2_0", blockElements: 64, blockBytes: 18),
    ]

    /// The type with GGUF id `id`, or nil for an id no GGUF writer uses.
    static func withID(_ id: UInt32) -> TensorType? { all.first { $0.id == id } }
}
