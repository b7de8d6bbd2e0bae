import Foundation
public import LLM
public import VectorIndex

/// How `rag ask` answers.
public struct AskSettings: Sendable {
    /// Chunks retrieved; adjacent ones merge, so the prompt may show fewer passages.
    public var k = 6
    public var maxTokens = 256
    public var temperature: Float = 0
    /// Copied by the generator from the notes (default), its own words, or without it.
    public var style = AnswerStyle.copied
    /// Tokens the prompt may take: a 2,048-token context less room for the answer.
    public var promptBudget = 1536
    /// Sentences of each passage the prompt keeps (see `PassageFocus`).
    public var sentencesPerPassage = 4
    /// The notes the question is asked within; nil for all of them.
    public var scope: Scope?
    /// A follow-up as it was asked, when the question is its query completed from the conversation
    /// (see `FollowUp`): it is searched too, and ranks the passages unless it leans on the conversation.
    public var asked: String?
    /// The notes the conversation's turn before drew on: a follow-up that leans on the
    /// conversation is also searched within them (see `HybridRetriever.previousNotes`).
    public var previousNotes: [String] = []

    public init() {}

    /// The `k` values the command line and the server accept.
    public static let kRange = 1...50
    /// The longest answer that fits the context beside the prompt's budget.
    public var mostAnswerTokens: Int { Generator.defaultContextLength - promptBudget }
}

/// How the answer is written.
public enum AnswerStyle: String, Sendable, CaseIterable {
    /// The generator copies the best passage's most relevant sentences (see `SentenceCopying`).
    case copied
    /// The generator writes freely from the passages.
    case freeForm = "free-form"
    /// The best passage's most relevant sentences, without the generator.
    case extractive
}

/// Answers a question from the notes: retrieve, keep what bears on the question, compose a prompt
/// that fits, stream the generator's answer, then check its sentences and citations.
public final class Asker: Sendable {
    public let retriever: HybridRetriever
    public let generator: Generator

    /// Below this cosine similarity between the question and its closest passage, the notes are
    /// taken not to hold the answer. Calibrated on the gold sets: every question of corpora/qa.jsonl
    /// has a passage at 0.34 or above, 29 of the 30 of corpora/unanswerable.jsonl none above 0.32
    /// (`rag eval qa corpora/qa.jsonl corpora/unanswerable.jsonl` reports both; docs/RETRIEVAL.md).
    public static let relevanceFloor = 0.32

    public init(retriever: HybridRetriever, generator: Generator) {
        self.retriever = retriever
        self.generator = generator
    }

    /// Answers `question`, passing each piece of answer text to `onText` as it is written
    /// (returning false stops the answer there).
    public func ask(_ question: String, settings: AskSettings = AskSettings(), onText: (String) -> Bool = { _ in true }) throws -> Answer {
        let clock = Stopwatch()
        var timings = Answer.Timings()

        // retrieve: chunks, ranked again by how well they answer, merged into passages
        let vector = retriever.embedder.embed([question])[0]
        let vectors = SentenceVectors(embedder: retriever.embedder)
        var retriever = retriever
        retriever.scope = settings.scope ?? retriever.scope
        retriever.alongside = settings.asked
        retriever.previousNotes = FollowUp.previousNotes(settings.previousNotes, asked: settings.asked)
        let retrieved = try retriever.search(question, vector: vector, k: settings.k)
        let rankedBy = FollowUp.rankedBy(query: question, asked: settings.asked)
        let rankVector = rankedBy == question ? vector : retriever.embedder.embed([rankedBy])[0]
        let sources = SourcePassage.merging(AnswerRanker(vectors: vectors).rank(retrieved, question: rankedBy, vector: rankVector))
        timings.retrieveMs = clock.lap()
        let closest = sources.compactMap(\.similarity).max().map(Double.init) ?? -1
        let unknown = try UnknownTerms.find(
            in: question, passages: sources.map(\.text), store: retriever.store, vocabulary: retriever.embedder.tokenizer, everyday: generator.tokenizer)
        // A follow-up is exempt: its query carries the conversation's topic words, and as asked
        // ("And where does that 64 come from?") it leans on words no passage needs to say. On
        // corpora/followups/tune.jsonl either way declined 3 or 7 answerable follow-ups, exempt none.
        let said = settings.asked == nil ? QuestionCoverage.best(of: question, in: sources) : 1
        guard closest >= Self.relevanceFloor, unknown.isEmpty, said >= QuestionCoverage.least else {
            let passages = sources.prefix(3).enumerated().map { Self.describe($1, n: $0 + 1, text: $1.text, tokens: 0) }
            var answer = Answer(
                question: question, kind: .notInNotes, answer: "", quote: nil, citations: [], unsupported: [], passages: passages,
                dropped: [], promptTokens: 0, answerTokens: 0, stop: nil, timings: timings)
            answer.whyNotInNotes =
                !unknown.isEmpty
                ? "your notes never mention " + unknown.map { "“\($0)”" }.joined(separator: " or ")
                : closest < Self.relevanceFloor
                    ? "no passage is close enough to the question"
                    : "no passage says most of what the question asks (at most \(Int(said * 100)) % of its words)"
            return answer
        }

        // the prompt: each passage's sentences on the point, as many passages as fit
        let focus = PassageFocus(
            scorer: AnswerScore(question: question, vector: vector, asked: FollowUp.wordsAsked(settings.asked)), passages: sources, vectors: vectors, perPassage: settings.sentencesPerPassage)
        // What a copy may say: the sentences that answer best among the best passage's note, which
        // often says the answer a chunk or two away from the chunk that matched best. Keeping to
        // one note keeps the citations on it.
        let ownNote = sources.indices.filter { sources[$0].path == sources[0].path }
        let chosen = CopiedSentences.choose(from: ownNote.flatMap { focus.shown(inPassage: $0) }, question: question)
        // A copied answer's prompt holds only those sentences, under their passages: the model
        // decides how many it needs, and the short prompt reaches its first token sooner.
        let copiesOnly = settings.style == .copied && !chosen.isEmpty
        let offered = copiesOnly ? ownNote.filter { index in chosen.contains { $0.passage == index } } : Array(sources.indices)
        func shownSentences(_ index: Int) -> [PassageSentence] {
            let kept = focus.shown(inPassage: index)
            return copiesOnly ? kept.filter { sentence in chosen.contains { $0.passage == index && $0.position == sentence.position } } : kept
        }
        let composer = PromptComposer(tokenizer: generator.tokenizer, budget: settings.promptBudget)
        let prompt = try composer.compose(
            question: question, passages: offered.map { (sources[$0], shownSentences($0).map(\.text).joined(separator: "\n")) })
        let shown = Dictionary(uniqueKeysWithValues: prompt.passages.map { ($0.n, shownSentences(offered[$0.index])) })
        timings.promptMs = clock.lap()

        // the answer: generated and streamed, or the chosen sentences each citing its passage (led
        // by the first passage's heading when the question asks where)
        var best: [(text: String, n: Int)] = []
        if AnswerScore.asksWhere(question), let first = prompt.passages.first, !first.source.heading.isEmpty {
            best.append((Self.place(of: first.source.heading), first.n))
        }
        let number = Dictionary(uniqueKeysWithValues: prompt.passages.map { (offered[$0.index], $0.n) })
        for sentence in chosen where !best.contains(where: { $0.text == sentence.text }) {
            if let n = number[sentence.passage] { best.append((sentence.text, n)) }
        }
        let copying =
            settings.style == .copied ? SentenceCopying(sentences: best, tokenizer: generator.tokenizer, maxTokens: settings.maxTokens) : nil
        // a best passage with nothing to copy within the token limit (say, only a table border) leaves the model free
        let style = settings.style == .copied && copying == nil ? .freeForm : settings.style
        var text = ""
        var stop: String?
        var answerTokens = 0
        if style == .extractive {
            text = best.map { "\($0.text) [\($0.n)]" }.joined(separator: "\n")
            timings.ttftMs = clock.sinceStart()
            _ = onText(text)
        } else {
            // A free answer reaches the reader a whole sentence at a time, so that whatever stops it
            // (a repeated sentence, the token limit) it ends on a sentence's end; a copied one is
            // whole by construction and streams token by token.
            var stream = WholeSentences(copied: copying != nil)
            var wanted = true
            let generation = try generator.generate(
                prompt.ids, options: Generator.Options(maxTokens: settings.maxTokens, sampling: Sampler.Settings(temperature: settings.temperature)),
                constraint: copying
            ) { piece in
                let ready = stream.add(piece)
                if !ready.isEmpty {
                    if text.isEmpty { timings.ttftMs = clock.sinceStart() }
                    text += ready
                    wanted = onText(ready)
                }
                return wanted && !stream.repeated
            }
            let rest = stream.finish()
            if !rest.isEmpty, wanted {
                if text.isEmpty { timings.ttftMs = clock.sinceStart() }
                text += rest
                _ = onText(rest)
            }
            stop = stream.repeated ? "repetition" : generation.stop.rawValue
            answerTokens = generation.ids.count
            timings.prefillMs = generation.prefillSeconds * 1000
            timings.decodeMs = generation.decodeSeconds * 1000
            _ = clock.lap()
        }

        // the checks: each sentence against what it cites, and the passage sentence closest to the answer
        let check = AnswerCheck(answer: text, passages: prompt.passages, shown: shown, embedder: retriever.embedder)
        let quote = Self.quote(for: text, from: shown, passages: prompt.passages, embedder: retriever.embedder)
        timings.checkMs = clock.lap()

        let byNumber = Dictionary(uniqueKeysWithValues: prompt.passages.map { ($0.n, $0) })
        return Answer(
            question: question, kind: Answer.Kind(style), answer: text, quote: quote,
            citations: check.citations.compactMap { n in
                byNumber[n].map {
                    Answer.Citation(
                        n: n, chunkId: $0.source.chunkIDs[0], chunkIds: $0.source.chunkIDs, path: $0.source.path, heading: $0.source.heading, lineStart: $0.source.lineStart,
                        lineEnd: $0.source.lineEnd, pageStart: $0.source.pageStart, pageEnd: $0.source.pageEnd,
                        place: Place.pages($0.source.pageStart, $0.source.pageEnd, path: $0.source.path), added: check.added.contains(n))
                }
            },
            unsupported: check.unsupported,
            passages: prompt.passages.map { Self.describe($0.source, n: $0.n, text: $0.text, tokens: $0.tokens) },
            dropped: prompt.dropped.map { Answer.Dropped(path: $0.source.path, heading: $0.source.heading, reason: $0.reason) },
            promptTokens: prompt.ids.count, answerTokens: answerTokens, stop: stop, timings: timings)
    }

    /// The shown sentence that best supports `answer`: closest in meaning, and most of its words repeated.
    static func quote(for answer: String, from shown: [Int: [PassageSentence]], passages: [PromptPassage], embedder: Embedder) -> Answer.Quote? {
        let plain = AnswerCheck.withoutCitations(answer)
        let words = ContentWords(plain)
        guard !words.isEmpty else { return nil }
        let vector = embedder.embed([plain])[0]
        let scored = shown.flatMap { n, sentences in
            sentences.map { (n: n, sentence: $0, score: cosine(vector, $0.vector) + AnswerScore.wordWeight * $0.words.coverage(by: words)) }
        }
        guard let best = scored.max(by: { $0.score < $1.score }), let passage = passages.first(where: { $0.n == best.n }) else { return nil }
        return Answer.Quote(
            text: best.sentence.text, n: best.n, path: passage.source.path, lineStart: passage.source.lineStart, lineEnd: passage.source.lineEnd,
            pageStart: passage.source.pageStart, pageEnd: passage.source.pageEnd,
            place: Place.pages(passage.source.pageStart, passage.source.pageEnd, path: passage.source.path))
    }

    /// Where in the notes a passage is, as an answer to "which section…" says it: its heading's last two parts.
    static func place(of heading: String) -> String {
        heading.components(separatedBy: " › ").suffix(2).joined(separator: " › ")
    }

    static func describe(_ source: SourcePassage, n: Int, text: String, tokens: Int) -> Answer.Passage {
        Answer.Passage(
            n: n, chunkIds: source.chunkIDs, path: source.path, heading: source.heading, lineStart: source.lineStart, lineEnd: source.lineEnd,
            pageStart: source.pageStart, pageEnd: source.pageEnd,
            place: Place.pages(source.pageStart, source.pageEnd, path: source.path), score: source.score, similarity: source.similarity, text: text, tokens: tokens)
    }
}

/// Milliseconds since the start and since the last lap.
private final class Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds

    func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e6
    }

    func sinceStart() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
}
