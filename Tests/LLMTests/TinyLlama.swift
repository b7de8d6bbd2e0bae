import Foundation

@testable import LLM

/// A small Llama-architecture GGUF with random weights, for tests that need a whole model file:
/// 1 layer, C = 64, two heads of 32 sharing one key/value head, F = 64, 16 tokens.
struct TinyLlama {
    var C = 64, F = 64, H = 2, KV = 1, D = 32, V = 16
    var architecture = "llama"
    /// The type of every matrix (norms stay F32); `overrides` changes single tensors.
    var matrixType: TensorType = .f32
    var overrides: [String: (type: TensorType, shape: [Int])] = [:]
    var extraTensors: [String] = []
    var omitted: Set<String> = []

    func writer() -> GGUFWriter {
        var writer = GGUFWriter()
        writer.add("general.architecture", .string(architecture))
        writer.add("\(architecture).block_count", .uint32(1))
        writer.add("\(architecture).context_length", .uint32(128))
        writer.add("\(architecture).embedding_length", .uint32(UInt32(C)))
        writer.add("\(architecture).feed_forward_length", .uint32(UInt32(F)))
        writer.add("\(architecture).attention.head_count", .uint32(UInt32(H)))
        writer.add("\(architecture).attention.head_count_kv", .uint32(UInt32(KV)))
        writer.add("\(architecture).attention.layer_norm_rms_epsilon", .float32(1e-5))
        writer.add("\(architecture).rope.freq_base", .float32(10_000))
        var seed: UInt64 = 1
        func add(_ name: String, _ shape: [Int], _ type: TensorType) {
            guard !omitted.contains(name) else { return }
            let (type, shape) = overrides[name] ?? (type, shape)
            seed += 1
            let count = shape.reduce(1, *)
            let bytes: [UInt8]
            if type == .f32 {
                bytes = GGUFWriter.bytes(KernelTests.values(count, seed: seed, scale: 0.5).map { $0 + (shape.count == 1 ? 1 : 0) })
            } else if type.isSupported {
                bytes = QuantizedKernelTests.matrix(type, rows: count / shape[0], columns: shape[0], seed: seed)
            } else {
                bytes = [UInt8](repeating: 0, count: count / type.blockElements * type.blockBytes)
            }
            writer.addTensor(name, shape: shape, type: type, data: bytes)
        }
        add("token_embd.weight", [C, V], matrixType)
        add("blk.0.attn_norm.weight", [C], .f32)
        add("blk.0.attn_q.weight", [C, H * D], matrixType)
        add("blk.0.attn_k.weight", [C, KV * D], matrixType)
        add("blk.0.attn_v.weight", [C, KV * D], matrixType)
        add("blk.0.attn_output.weight", [H * D, C], matrixType)
        add("blk.0.ffn_norm.weight", [C], .f32)
        add("blk.0.ffn_gate.weight", [C, F], matrixType)
        add("blk.0.ffn_up.weight", [C, F], matrixType)
        add("blk.0.ffn_down.weight", [F, C], matrixType)
        add("output_norm.weight", [C], .f32)
        for name in extraTensors { add(name, [C], .f32) }
        return writer
    }

    /// Writes the file into `directory` and returns its path.
    func write(in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("tiny.gguf")
        try writer().write(to: url)
        return url.path
    }
}
