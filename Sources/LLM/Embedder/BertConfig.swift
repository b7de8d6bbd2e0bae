import Foundation

/// The hyper-parameters of a BERT encoder, from the checkpoint's `config.json`.
struct BertConfig: Decodable, Sendable {
    let vocabularySize: Int  // V
    let width: Int  // C
    let layers: Int
    let heads: Int  // H
    let feedForwardWidth: Int  // F
    let maxPositions: Int
    let tokenTypes: Int
    let layerNormEpsilon: Float
    let activation: String

    var headWidth: Int { width / heads }  // D

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size"
        case width = "hidden_size"
        case layers = "num_hidden_layers"
        case heads = "num_attention_heads"
        case feedForwardWidth = "intermediate_size"
        case maxPositions = "max_position_embeddings"
        case tokenTypes = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case activation = "hidden_act"
    }

    static func load(path: String) throws(ModelFileError) -> BertConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, problem: "cannot read the model configuration")
        }
        let config: BertConfig
        do {
            config = try JSONDecoder().decode(BertConfig.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ModelFileError(path: path, problem: "configuration lacks \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelFileError(path: path, problem: "configuration key \(key) has the wrong type")
        } catch {
            throw ModelFileError(path: path, problem: "configuration is not valid JSON")
        }
        guard config.activation == "gelu" else {
            throw ModelFileError(path: path, problem: "hidden_act \(config.activation) is not supported (only gelu)")
        }
        guard config.heads > 0, config.width % config.heads == 0, config.layers > 0, config.tokenTypes > 0 else {
            throw ModelFileError(path: path, problem: "hidden_size \(config.width) does not split into \(config.heads) heads")
        }
        return config
    }
}
