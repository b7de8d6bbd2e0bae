/// "What is DBSCAN?", "What are extremely randomized trees?", "Define inertia.": a question that
/// asks what a term is. Notes define a term where they open the section they title with it
/// ("2.3.7. DBSCAN: The DBSCAN algorithm views clusters as areas of high density…", "LoRA (Hu et
/// al., 2021): **Idea.** The change a fine-tune makes…"), while the sentences that score best on
/// the question's words alone mention the term in passing ("After initialization, K-means
/// consists of looping between the two other steps.").
///
/// Measured on corpora/sklearn-qa/definitions-*.jsonl (docs/RETRIEVAL.md "Definition questions").
struct DefinitionQuestion: Sendable {
    /// The term's content words.
    let term: ContentWords

    /// What a sentence that opens the section about the term gains (see `AnswerScore`): enough to
    /// be copied first, not so much that the section's other sentences fall out of the answer.
    static let openingBonus = 0.3
    /// What the passage that opens the section about the term gains besides in the second stage's
    /// ranking (`AnswerRanker`): the notes define the term there, and the passages that use the
    /// term outrank it on its words ("What is LoRA?" answered from where to apply LoRA).
    static let sectionBonus = 0.8

    init?(_ question: String) {
        guard let match = question.wholeMatch(of: Self.asksWhatTermIs) else { return nil }
        // "What is mode collapse in a GAN?" asks about mode collapse
        let named = match.output.term.split(separator: Self.context, maxSplits: 1).first ?? match.output.term
        let term = ContentWords(String(named))
        guard !term.isEmpty, term.stems.count <= Self.longestTerm else { return nil }
        self.term = term
    }

    /// Whether a section with this heading path is about the term: its own heading, less its
    /// number ("2.3.8."), what it puts in brackets ("(Hu et al., 2021)", "(LOO)") and what follows a
    /// dash or colon ("HNSW — Hierarchical Navigable Small World graphs": the name spelled out), opens with
    /// the term's words and says at most one more ("K-means" and "k-means clustering" for "What is
    /// k-means?"; not "Fine-tuning and LoRA" for "What is LoRA?", nor "Bayesian Ridge Regression"
    /// for "What is ridge regression?": a word before the term names another method).
    func isTitled(by headingPath: String) -> Bool {
        let own = headingPath.split(separator: "›").last.map(String.init) ?? headingPath
        let title = own.replacing(Self.sectionNumber, with: "").replacing(Self.bracketed, with: "").replacing(Self.explained, with: "")
        let stems = title.split { !$0.isLetter && !$0.isNumber }.compactMap { ContentWords(String($0)).stems.first }
        return stems.count <= term.stems.count + 1 && Set(stems.prefix(term.stems.count)) == term.stems
    }

    /// Whether a sentence sets the term in emphasis, as a textbook does where it defines it ("This
    /// design is called *multi-head attention*", "The method is called *dropout* because …").
    func isEmphasized(in sentence: String) -> Bool {
        sentence.matches(of: Self.emphasis).contains { ContentWords(String($0.output.text)).stems == term.stems }
    }

    /// A term of more words than this is a question in its own right, not a name.
    static let longestTerm = 4

    nonisolated(unsafe) private static let asksWhatTermIs =
        /(?i)\s*(?:what(?:'s|’s|\s+is|\s+are|\s+was|\s+were)|define|explain)\s+(?:an?\s+|the\s+)?(?<term>[^?.,;:]+?)\s*[?.!]?\s*/
    nonisolated(unsafe) private static let context = /\s+(?:in|of|for|between|with|on|from)\s+/
    nonisolated(unsafe) private static let sectionNumber = /^\s*(\d+\.)*\d*\s*/
    nonisolated(unsafe) private static let bracketed = /\([^)]*\)/
    nonisolated(unsafe) private static let emphasis = /(\*\*|__|\*|_)(?<text>[^*_\n]+?)\1/
    nonisolated(unsafe) private static let explained = /\s+[—–-]\s.*|:\s.*/
}
