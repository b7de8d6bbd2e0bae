/// A linear layer's weight (outputs, inputs), and its bfloat16 packing when the encoder runs in bf16.
struct LinearWeight: Sendable {
    let values: Tensor
    let bf16: BFloat16Weight?

    init(_ values: [Float], outputs: Int, inputs: Int, precision: Embedder.Precision) {
        self.values = Tensor(values)
        bf16 = precision == .bf16 ? BFloat16Weight(self.values.pointer, outputs: outputs, inputs: inputs) : nil
    }
}

/// The weights of a BERT encoder, copied out of a safetensors checkpoint and checked for shape.
/// The checkpoint's tensor names live here and nowhere else.
struct BertWeights: Sendable {
    struct LayerNorm: Sendable {
        let gamma: Tensor  // (C)
        let beta: Tensor  // (C)
    }

    struct Layer: Sendable {
        let qkv: LinearWeight  // (3C, C): query, key and value stacked, so one product makes all three
        let qkvBias: Tensor  // (3C)
        let attentionOutput: LinearWeight  // (C, C)
        let attentionOutputBias: Tensor  // (C)
        let attentionNorm: LayerNorm
        let feedForwardIn: LinearWeight  // (F, C)
        let feedForwardInBias: Tensor  // (F)
        let feedForwardOut: LinearWeight  // (C, F)
        let feedForwardOutBias: Tensor  // (C)
        let outputNorm: LayerNorm
    }

    let wordEmbeddings: Tensor  // (V, C)
    let positionEmbeddings: Tensor  // (maxPositions, C)
    let tokenTypeEmbedding: Tensor  // (C): type 0, the only one a single-sentence input uses
    let embeddingNorm: LayerNorm
    let layers: [Layer]
    /// Whether the linear weights were packed for bfloat16 products (those whose shape fits).
    let bf16: Bool

    init(file: SafetensorsFile, config: BertConfig, precision: Embedder.Precision) throws(ModelFileError) {
        let (C, F) = (config.width, config.feedForwardWidth)
        bf16 = precision == .bf16
        func tensor(_ name: String, _ shape: [Int]) throws(ModelFileError) -> Tensor {
            Tensor(try file.floats(name, shape: shape))
        }
        func linear(_ name: String, outputs: Int, inputs: Int) throws(ModelFileError) -> LinearWeight {
            LinearWeight(try file.floats(name, shape: [outputs, inputs]), outputs: outputs, inputs: inputs, precision: precision)
        }
        func norm(_ prefix: String) throws(ModelFileError) -> LayerNorm {
            LayerNorm(
                gamma: try tensor("\(prefix).LayerNorm.weight", [C]),
                beta: try tensor("\(prefix).LayerNorm.bias", [C]))
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [config.vocabularySize, C])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [config.maxPositions, C])
        tokenTypeEmbedding = Tensor(
            Array(try file.floats("embeddings.token_type_embeddings.weight", shape: [config.tokenTypes, C]).prefix(C)))
        embeddingNorm = try norm("embeddings")
        var layers: [Layer] = []
        for l in 0..<config.layers {
            let p = "encoder.layer.\(l)"
            var qkv: [Float] = []
            var qkvBias: [Float] = []
            for name in ["query", "key", "value"] {
                qkv += try file.floats("\(p).attention.self.\(name).weight", shape: [C, C])
                qkvBias += try file.floats("\(p).attention.self.\(name).bias", shape: [C])
            }
            layers.append(
                Layer(
                    qkv: LinearWeight(qkv, outputs: 3 * C, inputs: C, precision: precision), qkvBias: Tensor(qkvBias),
                    attentionOutput: try linear("\(p).attention.output.dense.weight", outputs: C, inputs: C),
                    attentionOutputBias: try tensor("\(p).attention.output.dense.bias", [C]),
                    attentionNorm: try norm("\(p).attention.output"),
                    feedForwardIn: try linear("\(p).intermediate.dense.weight", outputs: F, inputs: C),
                    feedForwardInBias: try tensor("\(p).intermediate.dense.bias", [F]),
                    feedForwardOut: try linear("\(p).output.dense.weight", outputs: C, inputs: F),
                    feedForwardOutBias: try tensor("\(p).output.dense.bias", [C]),
                    outputNorm: try norm("\(p).output")))
        }
        self.layers = layers
    }
}
