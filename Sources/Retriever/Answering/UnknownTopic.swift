import VectorIndex

/// The two-word name a "How does X …?" or "Why is X …?" question asks about, when the notes never
/// say its words together: "How does label propagation spread labels…?" of notes that say "label"
/// and "propagation" often, never near each other. `UnknownTerms` finds a name the notes never
/// mention; a method named by everyday words ("batch normalization", "isolation forest",
/// "beam search") passes it, and its question finds passages with most of its words, on the
/// same field, that explain something else.
///
/// The name is the question's subject: its first two words after "how"/"why" and the verb ("does",
/// "is", …), past an article or a possessive. There is no name of two words when the second is
/// the question's own verb ("How does an SVM produce…", "Why is the data shuffled…"): followed by a
/// particle or an article, ending in -ed or -ly, or used as a verb in the notes ("to produce",
/// "can produce") unless a noun's ending marks it ("normalization"). Chosen on every gold set and
/// checked on two sets written blind (docs/RETRIEVAL.md "A method the notes never name…").
enum UnknownTopic {
    /// Tokens apart that still say the name together: about a sentence.
    static let near = 30

    /// The subject's two words ("label propagation"), when the notes never say them together.
    static func find(in question: String, store: Store) throws -> String? {
        guard let (first, second) = subject(of: question) else { return nil }
        // the index stems "normalization" as it stems "to normalize": a noun's ending settles it
        if second.wholeMatch(of: Self.noun) == nil, try !store.keywordSearch(Self.verbQuery(second), limit: 1).isEmpty { return nil }
        let together = "NEAR(\(quoted(first)) \(quoted(second)), \(near))"
        return try store.keywordSearch(together, limit: 1).isEmpty ? "\(first) \(second)" : nil
    }

    /// The two words after "how"/"why", a form of "do", "be", "have" or a modal, and any article
    /// or possessive; nil when the question has another shape, when either is a function word or
    /// holds anything but letters ("k-means", "3x3"), which the keyword index cuts apart, or when
    /// their form or what follows them says the second is a verb.
    static func subject(of question: String) -> (String, String)? {
        var words = question.lowercased().split { $0.isWhitespace || ",;:?!()\"".contains($0) }.map(String.init)
        guard words.count >= 4, ["how", "why"].contains(words[0]), auxiliaries.contains(words[1]) else { return nil }
        words.removeFirst(2)
        while let word = words.first, determiners.contains(word) || word.hasSuffix("'s") || word.hasSuffix("’s") { words.removeFirst() }
        // the verb follows the name ("label propagation spread…"); a particle, preposition or article
        // follows a verb ("SVC come up with", "an SVM produce the"), and then the name is one word
        guard words.count >= 3, !afterVerb.contains(words[2]) else { return nil }
        let (first, second) = (words[0], words[1])
        guard [first, second].allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) && !ContentWords.stopWords.contains($0) }) else { return nil }
        // "surviving activations": a participle describes what the notes may name otherwise ("the survivors")
        if second.hasSuffix("ed") || second.hasSuffix("ly") || first.hasSuffix("ly") || first.hasSuffix("ing") { return nil }
        return (first, second)
    }

    private static func quoted(_ word: String) -> String { "\"\(word)\"" }

    /// The notes use `word` as a verb: after "to", a modal or "not".
    private static func verbQuery(_ word: String) -> String {
        verbLeads.map { "\"\($0) \(word)\"" }.joined(separator: " OR ")
    }

    nonisolated(unsafe) private static let noun = /\w+(tion|sion|ment|ness|ity|ance|ence|ism)s?/
    private static let auxiliaries: Set<String> = [
        "does", "do", "did", "is", "are", "was", "were", "can", "could", "should", "would", "will", "has", "have",
    ]
    private static let determiners: Set<String> = ["a", "an", "the", "its", "my", "their", "this", "that", "these", "those"]
    private static let afterVerb = determiners.union([
        "your", "our", "it", "them", "up", "out", "down", "off", "back", "away", "around", "with", "about", "into", "through", "over",
        "on", "in", "at", "for", "from", "by", "of", "to",
    ])
    private static let verbLeads = ["to", "can", "will", "may", "should", "must", "not", "cannot", "could", "would", "might", "does", "do", "did"]
}
