import COpenBLAS
import Dispatch

/// Turns text into all-MiniLM-L6-v2 sentence embeddings: 384 floats, L2-normalised,
/// the vectors sentence-transformers gives for the same text.
public final class Embedder: Sendable {
    public let tokenizer: WordPieceTokenizer
    /// The precision of the encoder's linear layers.
    public let precision: Precision
    private let encoder: BertEncoder

    /// How the encoder's linear layers multiply. Attention, LayerNorm and GELU stay in fp32.
    public enum Precision: String, Sendable, CaseIterable {
        /// fp32, as sentence-transformers computes: the reference the golden tests hold to cosine 0.99999.
        case fp32
        /// Both operands rounded to bfloat16, summed in fp32, on AVX-512 BF16 (cosine ≥ 0.9999 to
        /// fp32 on the golden rows, about 4× the products' speed).
        case bf16

        /// Whether this CPU can run it.
        public var isAvailable: Bool { self == .fp32 || BFloat16Weight.isAvailable }

        /// bf16 where the CPU has the instructions, else fp32.
        public static var fastest: Precision { Precision.bf16.isAvailable ? .bf16 : .fp32 }
    }

    /// The width of every embedding.
    public var dimension: Int { encoder.config.width }

    /// Tokens per batch: enough rows for sgemm to run at full speed, few enough to keep batches
    /// small and plentiful so that both cores stay busy to the end.
    private static let batchTokens = 2048

    /// The fewest tokens a batch is cut down to so that a small job (the sentences of a search's
    /// first ten passages, about 1,500 tokens) still spreads over every core: below this the
    /// hand-off costs more than the second core saves.
    private static let smallestBatchTokens = 128

    /// Loads `config.json`, `model.safetensors` and `vocab.txt` from `directory`, to compute in
    /// `precision`, which must be available on this CPU.
    public init(directory: String = ModelCache.embedderDirectory, precision: Precision = .fastest) throws(ModelFileError) {
        precondition(precision.isAvailable, "this CPU cannot compute in \(precision)")
        let config = try BertConfig.load(path: directory + "/config.json")
        let checkpoint = try SafetensorsFile(path: directory + "/model.safetensors")
        self.precision = precision
        encoder = BertEncoder(config: config, weights: try BertWeights(file: checkpoint, config: config, precision: precision))
        tokenizer = try WordPieceTokenizer(vocabularyPath: directory + "/vocab.txt")
        guard tokenizer.pieces.count <= config.vocabularySize else {
            throw ModelFileError(
                path: directory + "/vocab.txt",
                problem: "\(tokenizer.pieces.count) pieces, but the model has \(config.vocabularySize) embeddings")
        }
        // Parallelism comes from encoding several batches at once, one per core; OpenBLAS
        // threads inside each product would only compete with them.
        openblas_set_num_threads(1)
    }

    /// The embedding of each text, in order.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(tokenized: texts.map { tokenizer.encode($0) })
    }

    /// The embedding of each id sequence (as `tokenizer.encode` makes them), in order.
    /// `progress` hears the text and token counts of each finished batch, from any thread.
    public func embed(tokenized sequences: [[Int32]], progress: (@Sendable (_ texts: Int, _ tokens: Int) -> Void)? = nil) -> [[Float]] {
        embedBatches(sequences, parallelism: .everyCore, progress: progress, until: nil)!  // nothing can stop it
    }

    /// As `embed(tokenized:)`, spread as `parallelism` says, and called off between batches (a
    /// fraction of a second each) once `shouldStop` says so: for a job that its requester may abandon.
    public func embed(
        tokenized sequences: [[Int32]], parallelism: Parallelism, progress: (@Sendable (_ texts: Int, _ tokens: Int) -> Void)? = nil,
        until shouldStop: @escaping @Sendable () -> Bool
    ) throws(CancellationError) -> [[Float]] {
        guard let vectors = embedBatches(sequences, parallelism: parallelism, progress: progress, until: shouldStop) else {
            throw CancellationError()
        }
        return vectors
    }

    /// The embeddings, or nil when `shouldStop` called the work off.
    private func embedBatches(
        _ sequences: [[Int32]], parallelism: Parallelism, progress: (@Sendable (_ texts: Int, _ tokens: Int) -> Void)?,
        until shouldStop: (@Sendable () -> Bool)?
    ) -> [[Float]]? {
        let C = dimension
        let batches = Self.batches(of: sequences, cores: parallelism.width)
        let output = Tensor(uninitialized: sequences.count * C)
        parallelism.forEach(batches.count) { b in
            guard shouldStop?() != true else { return }
            let batch = batches[b]
            let batchSequences = batch.map { sequences[$0] }
            encoder.encode(batchSequences, into: output.pointer + batch[0] * C)
            progress?(batchSequences.count, batchSequences.reduce(0) { $0 + $1.count })
        }
        guard shouldStop?() != true else { return nil }
        return (0..<sequences.count).map { Array(UnsafeBufferPointer(start: output.pointer + $0 * C, count: C)) }
    }

    /// Consecutive runs of sequence indices with about `batchTokens` tokens each, or fewer for a job
    /// too small to give every core a batch that size.
    static func batches(of sequences: [[Int32]], cores: Int) -> [[Int]] {
        let total = sequences.reduce(0) { $0 + $1.count }
        let budget = min(batchTokens, max(smallestBatchTokens, (total + cores - 1) / max(1, cores)))
        var batches: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        for (i, sequence) in sequences.enumerated() {
            if !current.isEmpty && tokens + sequence.count > budget {
                batches.append(current)
                current = []
                tokens = 0
            }
            current.append(i)
            tokens += sequence.count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
