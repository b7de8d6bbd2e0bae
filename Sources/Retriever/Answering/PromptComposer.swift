public import LLM

/// A passage as the prompt shows it, under its number.
public struct PromptPassage: Sendable {
    public let n: Int
    /// Its position among the passages offered to the composer.
    public let index: Int
    public let source: SourcePassage
    /// What the model reads: the passage's sentences most related to the question.
    public let text: String
    /// Its length in the generator's tokens, label included.
    public let tokens: Int
}

/// A passage that did not make it into the prompt, and why (shown by `--explain`).
public struct DroppedPassage: Sendable {
    public let source: SourcePassage
    public let reason: String
}

/// The prompt `rag ask` gives the generator.
public struct ComposedPrompt: Sendable {
    public let ids: [Int32]
    public let passages: [PromptPassage]
    public let dropped: [DroppedPassage]
}

/// A prompt that cannot be made within its budget.
public enum PromptError: Error, CustomStringConvertible, Sendable {
    case questionTooLong(tokens: Int, budget: Int)
    case noPassageFits(budget: Int)

    public var description: String {
        switch self {
        case .questionTooLong(let tokens, let budget):
            "the question is \(tokens) tokens long but the whole prompt may hold \(budget); ask something shorter"
        case .noPassageFits(let budget):
            "no passage fits beside the question in a prompt of \(budget) tokens; raise --prompt-budget"
        }
    }
}

/// Builds the chat prompt: an instruction, the numbered passages best first as `[n] path § heading`,
/// then the question, measured with the generator's own tokenizer and fitted to the prompt budget.
public struct PromptComposer: Sendable {
    /// Tokens the prompt may take; the rest of the context is left for the answer.
    public var budget: Int
    let tokenizer: BPETokenizer

    /// Tells the model to answer from the passages only, cite them, and say when they do not answer.
    static let instruction = """
        Answer the question in one or two sentences, using only the numbered passages from the user's notes. \
        Cite the passage you used, like [1]. If the passages do not answer the question, say that the notes do not contain the answer.
        """

    public init(tokenizer: BPETokenizer, budget: Int) {
        self.tokenizer = tokenizer
        self.budget = budget
    }

    /// Passages go in best first while they fit; one that does not fit is dropped and a shorter
    /// one after it may still go in. Passages are numbered in the order the prompt shows them.
    func compose(question: String, passages: [(source: SourcePassage, text: String)]) throws(PromptError) -> ComposedPrompt {
        let bare = promptIDs(question: question, blocks: []).count
        guard bare < budget else { throw .questionTooLong(tokens: bare, budget: budget) }
        var blocks: [String] = []
        var included: [PromptPassage] = []
        var dropped: [DroppedPassage] = []
        var used = bare
        for (index, (source, text)) in passages.enumerated() {
            let block = Self.block(n: included.count + 1, source: source, text: text)
            let tokens = tokenizer.encode(block + "\n\n").count
            if used + tokens <= budget {
                blocks.append(block)
                included.append(PromptPassage(n: included.count + 1, index: index, source: source, text: text, tokens: tokens))
                used += tokens
            } else {
                dropped.append(DroppedPassage(source: source, reason: "\(tokens) tokens would take the prompt past its budget of \(budget)"))
            }
        }
        // Token counts of the parts add up to the whole but for merges across their seams; make sure.
        var ids = promptIDs(question: question, blocks: blocks)
        while ids.count > budget, let last = included.popLast() {
            blocks.removeLast()
            dropped.append(DroppedPassage(source: last.source, reason: "the prompt came out over its budget of \(budget)"))
            ids = promptIDs(question: question, blocks: blocks)
        }
        guard !included.isEmpty || passages.isEmpty else { throw .noPassageFits(budget: budget) }
        return ComposedPrompt(ids: ids, passages: included, dropped: dropped)
    }

    /// `[n] folder/file.md § heading`, then the text. The last two path components are enough for
    /// the model; the user's Sources list shows the full place.
    static func block(n: Int, source: SourcePassage, text: String) -> String {
        let place = source.path.split(separator: "/").suffix(2).joined(separator: "/")
        let heading = source.heading.split(separator: " › ").last.map { " § \($0)" } ?? ""
        return "[\(n)] \(place)\(heading)\n\(text)"
    }

    /// The notes and the question are never read as control tokens (see `ChatTemplate.promptIDs`).
    func promptIDs(question: String, blocks: [String]) -> [Int32] {
        let passages = blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n\n"
        return ChatTemplate.promptIDs(
            [.init(.system, Self.instruction), .init(.user, passages + "Question: \(question)")], tokenizer: tokenizer)
    }
}
