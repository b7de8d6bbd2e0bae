/// The hyper-parameters of a Llama-architecture decoder, from the GGUF's `llama.*` metadata.
struct LlamaConfig: Sendable, Equatable {
    let vocabularySize: Int  // V
    let width: Int  // C
    let layers: Int
    let heads: Int  // H
    let keyValueHeads: Int  // KV: heads that share keys and values; H / KV query heads per group
    let headWidth: Int  // D
    let feedForwardWidth: Int  // F
    let trainedContextLength: Int
    let ropeBase: Float
    let normEpsilon: Float

    var keyValueWidth: Int { keyValueHeads * headWidth }  // KV·D
    var queryWidth: Int { heads * headWidth }  // H·D

    /// The only architecture this decoder runs.
    static let architecture = "llama"

    init(file: GGUFFile) throws(ModelFileError) {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: file.path, problem: problem) }
        let architecture = try file.string("general.architecture")
        guard architecture == Self.architecture else {
            throw fail("general.architecture is \(architecture); rag's generator runs llama-architecture models only")
        }
        let p = architecture + "."
        width = try file.integer(p + "embedding_length")
        layers = try file.integer(p + "block_count")
        heads = try file.integer(p + "attention.head_count")
        keyValueHeads = try file.integer(p + "attention.head_count_kv", default: heads)
        feedForwardWidth = try file.integer(p + "feed_forward_length")
        trainedContextLength = try file.integer(p + "context_length")
        ropeBase = try file.float(p + "rope.freq_base", default: 10_000)
        normEpsilon = try file.float(p + "attention.layer_norm_rms_epsilon")
        guard width > 0, layers > 0, heads > 0, feedForwardWidth > 0, trainedContextLength > 0 else {
            throw fail("\(p)embedding_length, block_count, attention.head_count, feed_forward_length and context_length must be positive")
        }
        guard keyValueHeads > 0, heads % keyValueHeads == 0 else {
            throw fail("\(p)attention.head_count \(heads) is not a multiple of head_count_kv \(keyValueHeads)")
        }
        headWidth = try file.integer(p + "attention.key_length", default: width / heads)
        guard headWidth > 0, headWidth % 8 == 0, try file.integer(p + "attention.value_length", default: headWidth) == headWidth else {
            throw fail("\(p)attention.key_length must be a multiple of 8 and equal to value_length")
        }
        guard try file.integer(p + "rope.dimension_count", default: headWidth) == headWidth else {
            throw fail("\(p)rope.dimension_count differs from the head width \(headWidth): partial rotary embeddings are not supported")
        }
        if file.metadata[p + "rope.scaling.type"] != nil, try file.string(p + "rope.scaling.type") != "none" {
            throw fail("\(p)rope.scaling.type \(try file.string(p + "rope.scaling.type")) is not supported")
        }
        if let embedding = file.tensor("token_embd.weight") {
            vocabularySize = embedding.shape.last!
        } else {
            vocabularySize = try file.integer(p + "vocab_size")
        }
    }
}
