import Foundation

/// Generates text with a Llama-architecture GGUF model (by default SmolLM2-135M-Instruct Q4_1),
/// run by rag's own decoder: prompt ids in, a stream of text pieces out.
///
/// One generation runs at a time (calls from several threads wait for each other); each starts
/// from an empty KV cache.
public final class Generator: @unchecked Sendable {  // run state guarded by `lock`
    public let tokenizer: BPETokenizer
    /// The most tokens a prompt and its answer may hold together: as asked, but at most what the
    /// model was trained on.
    public let contextLength: Int

    private let model: LlamaModel
    private let lock = NSLock()

    /// The context rag uses unless told otherwise: room for a prompt with several passages and an answer.
    public static let defaultContextLength = 2048

    /// Threads unless told otherwise: two, the cores rag is tuned for, or fewer on a smaller machine.
    public static var defaultThreads: Int { min(2, ProcessInfo.processInfo.activeProcessorCount) }

    /// Loads the model and its tokenizer from `path`. `threads` share each step's work.
    public init(
        path: String = ModelCache.generatorFile, contextLength: Int = defaultContextLength,
        threads: Int = defaultThreads
    ) throws(ModelFileError) {
        let file = try GGUFFile(path: path)
        tokenizer = try BPETokenizer(file: file)
        let config = try LlamaConfig(file: file)
        self.contextLength = min(max(contextLength, 1), config.trainedContextLength)
        model = try LlamaModel(file: file, contextLength: self.contextLength, threads: threads)
        guard tokenizer.vocabularySize == model.config.vocabularySize else {
            throw ModelFileError(
                path: path,
                problem: "the tokenizer has \(tokenizer.vocabularySize) tokens but token_embd.weight has \(model.config.vocabularySize) rows")
        }
    }

    /// What to generate.
    public struct Options: Sendable {
        public var maxTokens: Int
        public var sampling: Sampler.Settings
        /// Keep going past end-of-generation tokens (for benchmarks).
        public var ignoresEndOfGeneration: Bool

        public init(maxTokens: Int = 512, sampling: Sampler.Settings = Sampler.Settings(), ignoresEndOfGeneration: Bool = false) {
            self.maxTokens = maxTokens
            self.sampling = sampling
            self.ignoresEndOfGeneration = ignoresEndOfGeneration
        }
    }

    /// Why a generation ended.
    public enum Stop: String, Sendable {
        case endOfGeneration = "end_of_generation"
        case maxTokens = "max_tokens"
        case contextFull = "context_full"
        case cancelled
    }

    /// One token and its logit.
    public struct Candidate: Sendable, Equatable {
        public let id: Int32
        public let logit: Float
    }

    /// What a generation produced, with its timings.
    public struct Generation: Sendable {
        /// The generated ids, an end-of-generation id included when one ended the answer.
        public let ids: [Int32]
        public let text: String
        public let stop: Stop
        /// The five most likely first tokens.
        public let firstTopFive: [Candidate]
        public let promptTokens: Int
        public let prefillSeconds: Double
        /// Single-token steps after the prompt and the time they took.
        public let decodeSteps: Int
        public let decodeSeconds: Double
    }

    /// Generates an answer to `prompt` (ids, as `tokenizer.promptIDs` makes them),
    /// calling `onText` with each piece of text as soon as it is complete UTF-8. Control tokens are
    /// not printed. Returning false from `onText` stops the generation (`Stop.cancelled`).
    /// A `constraint` limits each step to the tokens it allows.
    public func generate(
        _ prompt: [Int32], options: Options = Options(), constraint: (any TokenConstraint)? = nil,
        onText: (String) -> Bool = { _ in true }
    ) throws(GenerationError) -> Generation {
        guard !prompt.isEmpty else { throw .emptyPrompt }
        guard prompt.count < contextLength else { throw .promptTooLong(tokens: prompt.count, context: contextLength) }
        if let bad = prompt.first(where: { $0 < 0 || Int($0) >= tokenizer.vocabularySize }) {
            throw .unknownToken(bad, vocabulary: tokenizer.vocabularySize)
        }
        lock.lock()
        defer { lock.unlock() }

        // the prompt, in batches
        let prefillStart = DispatchTime.now()
        var logits = stride(from: 0, to: prompt.count, by: LlamaModel.maxBatch).map { start in
            model.forward(prompt[start..<min(start + LlamaModel.maxBatch, prompt.count)], at: start)
        }.last!
        let prefillSeconds = Self.seconds(since: prefillStart)
        let V = tokenizer.vocabularySize
        let firstTopFive = Sampler.mostLikely(5, of: 0..<V) { logits[$0] }.map { Candidate(id: Int32($0.id), logit: $0.logit) }

        // the answer, one token at a time
        var sampler = Sampler(options.sampling)
        var history = prompt
        var ids: [Int32] = []
        var text = ""
        var decoder = TextStreamDecoder()
        var stop = Stop.maxTokens
        var decodeSteps = 0
        let decodeStart = DispatchTime.now()
        while ids.count < options.maxTokens {
            let id: Int32
            if let allowed = constraint?.allowed(after: ids) {
                guard !allowed.isEmpty else {
                    stop = .endOfGeneration
                    break
                }
                var masked = [Float](repeating: -.infinity, count: V)
                for id in allowed where (0..<V).contains(Int(id)) { masked[Int(id)] = logits[Int(id)] }
                id = masked.withUnsafeBufferPointer { sampler.next($0, history: history) }
            } else {
                id = sampler.next(UnsafeBufferPointer(start: logits, count: V), history: history)
            }
            ids.append(id)
            history.append(id)
            if tokenizer.endOfGeneration.contains(id) && !options.ignoresEndOfGeneration {
                stop = .endOfGeneration
                break
            }
            let piece = tokenizer.isControl(id) ? "" : decoder.append(tokenizer.bytes(of: id))
            text += piece
            guard onText(piece) else {
                stop = .cancelled
                break
            }
            guard ids.count < options.maxTokens else { break }
            guard history.count < contextLength else {
                stop = .contextFull
                break
            }
            logits = model.forward([id], at: history.count - 1)
            decodeSteps += 1
        }
        let rest = decoder.finish()
        if !rest.isEmpty {
            text += rest
            _ = onText(rest)
        }
        return Generation(
            ids: ids, text: text, stop: stop, firstTopFive: firstTopFive, promptTokens: prompt.count,
            prefillSeconds: prefillSeconds, decodeSteps: decodeSteps, decodeSeconds: Self.seconds(since: decodeStart))
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// A prompt the generator cannot run.
public enum GenerationError: Error, CustomStringConvertible, Sendable, Equatable {
    case emptyPrompt
    case promptTooLong(tokens: Int, context: Int)
    case unknownToken(Int32, vocabulary: Int)

    public var description: String {
        switch self {
        case .emptyPrompt:
            "the prompt is empty"
        case .promptTooLong(let tokens, let context):
            "the prompt has \(tokens) tokens but the context holds \(context) (shorten the prompt or raise the context length)"
        case .unknownToken(let id, let vocabulary):
            "token id \(id) is outside the model's vocabulary of \(vocabulary)"
        }
    }
}
