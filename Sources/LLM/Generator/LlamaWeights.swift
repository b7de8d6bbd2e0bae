/// The weights of a Llama decoder, carved out of the mapped GGUF file (quantised matrices regrouped
/// for the kernels, see `QuantizedMatrix`; norm vectors copied as float32). The file's tensor names live here and nowhere else, and every tensor is
/// checked for shape and type; a tensor the decoder would not use is an error too, because
/// ignoring it (a bias, say) would silently compute something else.
struct LlamaWeights: Sendable {
    struct Layer: Sendable {
        let attentionNorm: Tensor  // (C)
        let query: QuantizedMatrix  // (H·D, C)
        let key: QuantizedMatrix  // (KV·D, C)
        let value: QuantizedMatrix  // (KV·D, C)
        let attentionOutput: QuantizedMatrix  // (C, H·D)
        let feedForwardNorm: Tensor  // (C)
        let gate: QuantizedMatrix  // (F, C)
        let up: QuantizedMatrix  // (F, C)
        let down: QuantizedMatrix  // (C, F)
    }

    let tokenEmbedding: QuantizedMatrix  // (V, C)
    let layers: [Layer]
    let outputNorm: Tensor  // (C)
    /// (V, C); the token embedding itself when the file has no output.weight (tied embeddings).
    let output: QuantizedMatrix

    /// GGUF names, with shapes as GGUF lists them: innermost (input) extent first.
    private enum Name {
        static let tokenEmbedding = "token_embd.weight"
        static let outputNorm = "output_norm.weight"
        static let output = "output.weight"
        static func attentionNorm(_ l: Int) -> String { "blk.\(l).attn_norm.weight" }
        static func query(_ l: Int) -> String { "blk.\(l).attn_q.weight" }
        static func key(_ l: Int) -> String { "blk.\(l).attn_k.weight" }
        static func value(_ l: Int) -> String { "blk.\(l).attn_v.weight" }
        static func attentionOutput(_ l: Int) -> String { "blk.\(l).attn_output.weight" }
        static func feedForwardNorm(_ l: Int) -> String { "blk.\(l).ffn_norm.weight" }
        static func gate(_ l: Int) -> String { "blk.\(l).ffn_gate.weight" }
        static func up(_ l: Int) -> String { "blk.\(l).ffn_up.weight" }
        static func down(_ l: Int) -> String { "blk.\(l).ffn_down.weight" }
    }

    init(file: GGUFFile, config: LlamaConfig) throws(ModelFileError) {
        let (V, C, F, Q, KV) = (config.vocabularySize, config.width, config.feedForwardWidth, config.queryWidth, config.keyValueWidth)
        var used = Set<String>()
        func checked(_ name: String, _ shape: [Int]) throws(ModelFileError) -> GGUFFile.Tensor {
            guard let tensor = file.tensor(name) else { throw ModelFileError(path: file.path, problem: "tensor \(name) is missing") }
            guard tensor.type.isSupported else {
                throw ModelFileError(
                    path: file.path,
                    problem: "unsupported tensor type \(tensor.type) in tensor \(name) (rag computes with F32, F16, Q4_0, Q4_1 and Q8_0)")
            }
            guard tensor.shape == shape else {
                throw ModelFileError(path: file.path, problem: "tensor \(name) has shape \(tensor.shape), expected \(shape)")
            }
            used.insert(name)
            return tensor
        }
        func matrix(_ name: String, inputs: Int, outputs: Int) throws(ModelFileError) -> QuantizedMatrix {
            let tensor = try checked(name, [inputs, outputs])
            let matrix = QuantizedMatrix(type: tensor.type, rows: outputs, columns: inputs, data: file.data(tensor))
            // A quantised matrix is a copy now; its pages in the mapped file would only add to the memory used.
            if matrix.isCopy { file.release(tensor) }
            return matrix
        }
        func vector(_ name: String, _ count: Int) throws(ModelFileError) -> Tensor {
            let tensor = try checked(name, [count])
            let values = Tensor(uninitialized: count)
            QuantizedMatrix(type: tensor.type, rows: 1, columns: count, data: file.data(tensor)).dequantize(rows: 0..<1, into: values.pointer)
            return values
        }

        tokenEmbedding = try matrix(Name.tokenEmbedding, inputs: C, outputs: V)
        var layers: [Layer] = []
        for l in 0..<config.layers {
            layers.append(
                Layer(
                    attentionNorm: try vector(Name.attentionNorm(l), C),
                    query: try matrix(Name.query(l), inputs: C, outputs: Q),
                    key: try matrix(Name.key(l), inputs: C, outputs: KV),
                    value: try matrix(Name.value(l), inputs: C, outputs: KV),
                    attentionOutput: try matrix(Name.attentionOutput(l), inputs: Q, outputs: C),
                    feedForwardNorm: try vector(Name.feedForwardNorm(l), C),
                    gate: try matrix(Name.gate(l), inputs: C, outputs: F),
                    up: try matrix(Name.up(l), inputs: C, outputs: F),
                    down: try matrix(Name.down(l), inputs: F, outputs: C)))
        }
        self.layers = layers
        outputNorm = try vector(Name.outputNorm, C)
        output = file.tensor(Name.output) == nil ? tokenEmbedding : try matrix(Name.output, inputs: C, outputs: V)
        if let unused = file.tensors.first(where: { !used.contains($0.name) }) {
            throw ModelFileError(
                path: file.path, problem: "tensor \(unused.name) is not part of the llama decoder rag runs (an unsupported variant?)")
        }
    }
}
