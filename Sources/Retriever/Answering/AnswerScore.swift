/// How well one sentence of the notes answers a question: its cosine similarity to the question,
/// plus the share of the question's words that the sentence or its heading path says, less a
/// penalty when the sentence cannot be an answer by its shape (`cannotAnswer`), plus a bonus for
/// the sentence that opens the section about the term of a "What is X?" question
/// (`DefinitionQuestion`). The heading counts because notes say "Week 11 › Variational
/// Autoencoders" once and then write about VAEs without naming the week.
///
/// Fitted on the tune half of corpora/qa.jsonl and checked on its held-out half and on
/// corpora/sklearn-qa (docs/RETRIEVAL.md "Answers"): the penalty lifted the best passage's answer
/// sentences from 77 % to 86 % with an expected keyword; equal weights for the two parts and any
/// penalty from 0.2 to 1 measured alike.
struct AnswerScore: Sendable {
    /// Weight of the question's words found beside cosine similarity: exact terms (names, numbers,
    /// symbols) matter in course notes and the embedder alone underrates them.
    static let wordWeight = 0.5
    /// What a sentence that cannot answer loses.
    static let shapePenalty = 0.3

    /// The question's words; a follow-up's as asked (see `init`).
    let questionWords: ContentWords
    let questionVector: [Float]
    /// Whether the question opens with "why".
    let asksWhy: Bool
    /// The term a "What is X?" question asks about.
    let definition: DefinitionQuestion?

    /// `asked` is a follow-up as the user asked it ("And what norm do they clip gradients at?"),
    /// when `question` is that follow-up completed with the conversation's topic words
    /// (`FollowUp.wordsAsked`): its sentences are scored by the words asked, and by the completed
    /// question's meaning. Scored by all the words, the sentences naming the topic won over the one
    /// saying what was asked next: answers with an expected keyword went from 65.3 % to 74.5 % on
    /// corpora/followups/tune.jsonl and from 72.9 % to 77.1 % on held-out.jsonl.
    init(question: String, vector: [Float], asked: String? = nil) {
        let own = asked.map(ContentWords.init)
        questionWords = own.flatMap { $0.isEmpty ? nil : $0 } ?? ContentWords(question)
        questionVector = vector
        asksWhy = question.lowercased().split { !$0.isLetter }.first == "why"
        definition = DefinitionQuestion(asked ?? question)
    }

    /// `opensDefinition`: the sentence opens the section about the term the question asks to define
    /// (see `definingPosition`), and gains `DefinitionQuestion.openingBonus`.
    /// `setsTasks`: the sentence is in a section of exercises (see `setsTasks(_:)`).
    func score(of sentence: String, words: ContentWords, vector: [Float], heading: ContentWords, opensDefinition: Bool = false, setsTasks: Bool = false) -> Double {
        let said = ContentWords(stems: words.stems.union(heading.stems))
        let penalty = setsTasks || Self.cannotAnswer(sentence) || restatesQuestion(sentence) ? Self.shapePenalty : 0
        let bonus = opensDefinition || definition?.isEmphasized(in: sentence) == true ? DefinitionQuestion.openingBonus : 0
        return cosine(questionVector, vector) + Self.wordWeight * questionWords.coverage(by: said) - penalty + bonus
    }

    /// The position of the sentence of a passage that opens the section about the term of a "What
    /// is X?" question, if the passage is that section's opening: its first sentence of more than
    /// three words ("**Idea.**" opens a paragraph but does not define) that can answer (a formula's
    /// lead-in "…is as small as possible:" cannot) and is not the reference the method comes from
    /// ("Malkov & Yashunin (2016, published in 2018).").
    func definingPosition(in sentences: [String], heading: String, opensSection: Bool) -> Int? {
        guard opensSection, let definition, definition.isTitled(by: heading) else { return nil }
        return sentences.firstIndex {
            AnswerShape.words($0) > 3 && !Self.cannotAnswer($0) && MarkdownText.plain($0).wholeMatch(of: Self.reference) == nil
        }
    }

    /// "The attention formula, and why we scale by sqrt(d_k)." for "Why are attention scores
    /// scaled?": a sentence that itself asks "why" names the question, as exam tips and syllabi
    /// do; the one that answers explains ("…, which is why" answers, so it is not counted).
    func restatesQuestion(_ sentence: String) -> Bool {
        asksWhy && sentence.lowercased().contains(Self.why) && !sentence.lowercased().contains(Self.thatIsWhy)
    }

    /// "Dropout › Exercises", "Review questions": a section of tasks for the reader, as textbooks end
    /// their chapters. Its sentences ("Increase the number of epochs and compare the results obtained
    /// when using dropout…") share the question's words and name what to work out, never the answer.
    static func setsTasks(_ heading: String) -> Bool {
        let last = heading.split(separator: "›").last.map { MarkdownText.plain($0).lowercased() } ?? ""
        return last.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)).wholeMatch(of: Self.tasks) != nil
    }

    /// "Which week covers VAEs?", "What section explains …": questions whose answer is where the
    /// notes say something, which a heading says and a body sentence never does.
    static func asksWhere(_ question: String) -> Bool {
        question.lowercased().contains(/\b(which|what)\s+(\w+\s+)?(section|part|chapter|week|lecture|page|module|unit|lab|heading)s?\b/)
    }

    // The patterns run on every sentence of every passage a search ranks; a literal in a function
    // body would be compiled again at each call.
    nonisolated(unsafe) private static let tasks = /([\d.]+\s*)?(exercises?|problem sets?|homework|(review|study|discussion) questions)/
    nonisolated(unsafe) private static let why = /\bwhy\b/
    nonisolated(unsafe) private static let thatIsWhy = /\b(is|that's|that is|was) why\b/
    nonisolated(unsafe) private static let assignment = /^[A-Za-z_][\w.]*(\[[^\]]*\])?(, *[A-Za-z_][\w.]*)* *([-+*\/@]?=)[^=]/
    nonisolated(unsafe) private static let codeOpening = /^(#|print\(|(return|def|import|class|from [\w.]+ import|assert|raise|yield|lambda|elif|except)\b)/
    nonisolated(unsafe) private static let callOpening = /[A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*\(/
    nonisolated(unsafe) private static let inlineMath = /\$[^$]+\$/
    nonisolated(unsafe) private static let texCommand = /\\[A-Za-z]+/
    nonisolated(unsafe) private static let alignment = /(^|\s)&(\s|$)/
    nonisolated(unsafe) private static let link = /\[[^\]]*\]\([^)]*\)/
    nonisolated(unsafe) private static let reference = /[^.]{0,60}\(\d{4}[^)]*\)\.?/
    nonisolated(unsafe) private static let studyPrompt = /(?i)(explain|describe|discuss|be (able|ready|prepared) to|know how|make sure you|you should be able)\b.*/

    /// A line of a program ("scores = q @ k.transpose(-2, -1)", "return weights @ v", "assert 0 <=
    /// dropout <= 1", "# mask", a call that ends its line unfinished or without a full stop,
    /// "init_weight(f'W_x{name}', shape),", "d2l.show_images(imgs, 2, 8);", or leaves its brackets
    /// open, "p[:].assign(p - lr * v_bias_corr"): a chunk that opens inside a code block offers its
    /// lines as sentences, and beside a heading that repeats the question they outscore the
    /// paragraph that explains the code. An assignment followed by prose is a sentence about a
    /// setting ("n_jobs=-1 means that the computation will be dispatched on all the CPUs"), not a
    /// line of code.
    static func looksLikeCode(_ line: String) -> Bool {
        if let assignment = line.firstMatch(of: Self.assignment) {
            let prose = line[assignment.range.upperBound...].split(separator: " ").filter { $0.count >= 2 && $0.allSatisfy(\.isLetter) }
            return prose.count < 3
        }
        if let opening = line.prefixMatch(of: Self.callOpening) {
            let unfinished = line[opening.range.upperBound...].last.map { ",([{:);".contains($0) } ?? false
            if unfinished || line.count(where: { $0 == "(" }) > line.count(where: { $0 == ")" }) { return true }
        }
        return line.contains(Self.codeOpening)
    }

    /// A question ("- What are GANs?"), a study prompt, a list header ("- **Common Metrics**:"), a
    /// line of code (at a prompt, ">>> fit(X)", or not) or a link with little else: sentences that
    /// name a topic without saying anything about it; and what says nothing without the formula
    /// around it (a row of it, the gloss after it).
    static func cannotAnswer(_ sentence: String) -> Bool {
        let plain = MarkdownText.plain(sentence)
        if plain.hasSuffix("?") || plain.hasSuffix(":") { return true }
        // a study prompt ("Be able to explain *why* zero initialisation fails", "Explain the difference
        // between L2 regularisation and decoupled weight decay.") names what to learn, not what it says
        if plain.wholeMatch(of: Self.studyPrompt) != nil { return true }
        if plain.hasPrefix(">>>") || plain.hasPrefix("$ ") { return true }  // a prompt and the code typed at it
        // a doctest's continuation line ("...     scores = cross_val_score(clf, X, y)"), not an ellipsis
        if plain.hasPrefix("...") && looksLikeCode(String(plain.dropFirst(3).drop(while: \.isWhitespace))) { return true }
        if looksLikeCode(plain) { return true }
        let words = plain.split(whereSeparator: \.isWhitespace)
        var outsideLinks = sentence
        outsideLinks.replace(Self.link, with: "")
        if outsideLinks != sentence, outsideLinks.split(whereSeparator: \.isWhitespace).count <= 2 { return true }
        // a formula's gloss ("where we make use of the hinge loss.") goes on from the formula above it
        if plain.hasPrefix("where ") { return true }
        if isFormulaRow(plain) { return true }
        // "GridSearchCV(cv=None,..." trails off where the doctest's output was cut
        let ended = plain.last.map { ".!".contains($0) } ?? false
        return words.count <= 5 && plain.count < 40 && (!ended || plain.hasSuffix("...") || plain.hasSuffix("…"))
    }

    /// One row of a formula set over several lines ("0 & \textrm{ with probability } p \\"): a
    /// TeX command with an alignment mark or a line break outside inline math; the row says
    /// nothing without the rows around it. A whole formula ("\[\text{MSE}(y, \hat{y}) = …\]")
    /// can answer how a thing is computed, and stays.
    static func isFormulaRow(_ sentence: String) -> Bool {
        let outsideInlineMath = sentence.replacing(Self.inlineMath, with: "")
        return outsideInlineMath.contains(Self.texCommand) && (outsideInlineMath.contains("\\\\") || outsideInlineMath.contains(Self.alignment))
    }
}
