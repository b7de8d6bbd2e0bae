import LLM

/// Grounded decoding: the generator writes the answer, but only by copying the sentences rag
/// found to answer best, most relevant first, each on a line of its own (list items and JSON
/// fields have no full stop to end them) and followed by its passage's citation. The
/// model streams the answer and decides whether it needs the later sentences; it cannot drift from
/// the notes or cite the wrong passage.
///
/// Why so little freedom: on corpora/qa.jsonl, SmolLM2-135M writing freely put an expected keyword
/// in 25–33 % of its answers and cited a passage itself 3–4 times in 79. Allowed to choose among
/// all the prompt's sentences it chose worse than rag's relevance ranking (19–23 % with a keyword), and
/// among the best passage's sentences in any order still worse (51 %); made to copy that
/// passage's sentences in order it stopped after the first too often (68 %), so it copies two
/// before it may stop. Its stop after two of three only ever shortens an answer and never adds a
/// fact (it cost the keyword in five answers across the gold sets), so it may stop early only
/// where the whole would run long (docs/RETRIEVAL.md "A short answer says every sentence chosen").
struct SentenceCopying: TokenConstraint {
    /// Sentences an answer copies before the model may end it (fewer when fewer fit).
    static let least = 2
    /// Words of an answer short enough to say every sentence offered: the median answer issue 12
    /// asks for. At 55 or 60 the tune halves gained one answer with a keyword and lost none.
    static let short = 60

    /// The answers the model may write, as tokens: the sentences it must copy, then each longer run.
    let answers: [[Int32]]
    let endIDs: Set<Int32>

    /// `sentences` in the order they are copied, each with the number of the passage it cites. A
    /// sentence that would take the answer past `maxTokens` is left out, so the token limit never
    /// cuts one; nil when none fits.
    init?(sentences: [(text: String, n: Int)], tokenizer: BPETokenizer, maxTokens: Int) {
        var runs: [[Int32]] = []
        var tokens: [Int32] = []
        var words = 0
        for sentence in sentences {
            let next = tokenizer.encode((runs.isEmpty ? "" : "\n") + "\(sentence.text) [\(sentence.n)]")
            guard tokens.count + next.count <= maxTokens else { continue }
            tokens += next
            runs.append(tokens)
            words += AnswerShape.words(sentence.text)
        }
        guard !runs.isEmpty else { return nil }
        let mustCopy = words <= Self.short ? runs.count : min(Self.least, runs.count)
        answers = Array(runs[(mustCopy - 1)...])
        endIDs = tokenizer.endOfGeneration
    }

    func allowed(after answer: [Int32]) -> [Int32]? {
        var allowed: Set<Int32> = []
        for tokens in answers where tokens.starts(with: answer) {
            if tokens.count > answer.count { allowed.insert(tokens[answer.count]) } else { allowed.formUnion(endIDs) }
        }
        return allowed.sorted()
    }
}
