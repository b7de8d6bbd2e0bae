public import VectorIndex

/// A follow-up made searchable. "How many parameters does it add?" after "What is LoRA?" finds
/// passages about adding parameters to anything unless the query also says what "it" is. So a
/// later turn is searched with the topic words of the turn before it (whose query was completed
/// the same way, so a third turn still carries the first one's topic), fused with the question as
/// asked, for the follow-up that stands alone after all; and its passages are ranked by the
/// completed query only when the question leans on the conversation (it refers back, continues
/// the last question, or is too short to stand alone), else by the question as asked.
///
/// Deterministic on purpose: the 135M generator rewrites questions unreliably. Measured by `rag
/// eval followups` against the questions written out in full, and on corpora/followups/topic-switch.jsonl
/// (standalone questions asked after an unrelated one), where carrying the topic must cost
/// nothing (docs/RETRIEVAL.md "Follow-up questions").
public enum FollowUp {
    /// The most topic words carried over: enough for a name and what was asked of it.
    static let topicWords = 8

    /// The query to search for `question`, asked after `earlier` (the conversation's earlier
    /// queries, oldest first, each as it was searched): the question with the topic words of the
    /// turn before; the question itself for a first turn.
    public static func query(for question: String, after earlier: [String]) -> String {
        guard let previous = earlier.last else { return question }
        let asked = Set(words(of: question).map { $0.lowercased() })
        var seen: Set<String> = []
        let topic = words(of: previous).filter { word in
            let key = word.lowercased()
            return !ContentWords.stopWords.contains(key) && !questionWords.contains(key) && !asked.contains(key) && seen.insert(key).inserted
        }
        return topic.isEmpty ? question : question + " — " + topic.prefix(topicWords).joined(separator: " ")
    }

    /// The queries of a conversation's questions, oldest first, each completed from the ones before.
    public static func queries(for questions: [String]) -> [String] {
        questions.reduce(into: []) { queries, question in queries.append(query(for: question, after: queries)) }
    }

    /// What a turn's passages are ranked by: its completed `query` when the question as `asked`
    /// leans on the conversation (or there is none), else the question as asked — ranking a
    /// standalone question by another turn's topic puts that topic's passages first.
    public static func rankedBy(query: String, asked: String?) -> String {
        guard let asked, !leansOnContext(asked) else { return query }
        return asked
    }

    /// The words a follow-up's sentences are scored by (`AnswerScore`): the question as `asked`
    /// when it leans on the conversation, nil otherwise. Its completed query's topic words favour
    /// the sentences that name the topic over the one that says what was asked next.
    public static func wordsAsked(_ asked: String?) -> String? {
        guard let asked, leansOnContext(asked) else { return nil }
        return asked
    }

    /// The notes to search a follow-up within as well: those the turn before drew on, when the
    /// question as `asked` leans on the conversation; nil otherwise (a question that stands alone
    /// owes nothing to the last answer's note).
    public static func previousNotes(_ notes: [String], asked: String?) -> Scope? {
        guard let asked, leansOnContext(asked), !notes.isEmpty else { return nil }
        return .notes(notes)
    }

    /// Whether `question` needs the conversation: it refers back ("it", "that one", "they"),
    /// continues the last question ("and for RNNs?", "what about …", "why not?"), or has at
    /// most two words that carry meaning.
    static func leansOnContext(_ question: String) -> Bool {
        let lowered = words(of: question).map { $0.lowercased() }
        if lowered.contains(where: referring.contains) { return true }
        if let first = lowered.first, continuing.contains(first) { return true }
        let opening = lowered.prefix(2).joined(separator: " ")
        if ["what about", "how about", "why not", "what else", "and what", "and how", "and why"].contains(opening) { return true }
        return lowered.filter { !ContentWords.stopWords.contains($0) && !questionWords.contains($0) }.count <= 2
    }

    /// Words that point back at something said before.
    static let referring: Set<String> = [
        "it", "its", "itself", "this", "that", "these", "those", "they", "them", "their", "theirs", "he", "she", "him", "her",
        "former", "latter", "same", "such", "there", "one", "ones", "other", "others",
    ]

    /// First words that carry on from the last question.
    static let continuing: Set<String> = ["and", "or", "but", "so", "also", "then", "else", "instead"]

    /// Words that shape a question without naming its topic.
    static let questionWords: Set<String> = [
        "many", "much", "long", "often", "big", "large", "small", "does", "mean", "means", "explain", "tell", "give", "show",
        "example", "examples", "work", "works", "difference", "between", "compared", "versus", "vs", "good", "better", "best",
        "bad", "worse", "need", "needed", "important", "called", "name", "happens", "happen", "exactly", "else", "instead",
    ]

    /// Letters and digits, as the keyword search cuts words.
    static func words(of text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init).filter { $0.contains { $0.isLetter || $0.isNumber } }
    }
}
