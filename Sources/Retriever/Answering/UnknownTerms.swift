import LLM
import VectorIndex

/// The words of a question that name something the notes never mention. A question about a
/// method the notes do not cover ("How does CatBoost encode categories?") still finds passages
/// close to it, on the same field and with most of its words; only the name is missing. A name
/// is told from an everyday word by two vocabularies: the embedder's WordPiece vocabulary holds
/// common English words whole and spells rare ones in pieces ("CatBoost", "autoencoder"), and so
/// does the generator's BPE vocabulary, learnt from far more web text, which still holds words
/// such as "downside" and "drawback" whole that WordPiece cuts; a word in pieces in both is a
/// name. A word with digits is left out, as notes write numbers in many ways ("3x3", "3 × 3"),
/// and a name the notes hold as the start of a longer one ("HistGradientBoosting" in
/// "HistGradientBoostingClassifier") is mentioned.
///
/// A word the question writes as a name is one too, whatever the vocabularies say: capitalised
/// after the first word ("the Adam optimizer", a name both vocabularies hold whole) or an acronym of
/// three letters or more ("SMOTE"), unless the `passages` found for the question spell it out
/// ("Unlike LDA, …" of a note that writes "Linear Discriminant Analysis"). On every gold set no
/// answerable question holds such a word that its notes do not; two near-miss questions of
/// corpora/sklearn-qa's held-out half did.
///
/// Measured on every gold set (docs/RETRIEVAL.md "Answers"): it declines near-miss questions of
/// corpora/sklearn-qa by the name they ask about, and no answerable question of any set. A method
/// named in everyday words the notes use apart ("label propagation") is `UnknownTopic`'s to find.
enum UnknownTerms {
    static func find(
        in question: String, passages: [String], store: Store, vocabulary: WordPieceTokenizer, everyday: BPETokenizer
    ) throws -> [String] {
        var unknown: [String] = []
        let words = words(of: question)
        let titleCase = words.filter { $0.first?.isUppercase == true }.count * 2 > words.count
        // "Explain attention. Compare it with RNNs.": a sentence's first word is capitalised as any is
        let openers = Set(question.matches(of: Self.sentenceOpening).map { String($0.output.word) })
        for word in words
        where isName(word, vocabulary: vocabulary, everyday: everyday) || (!titleCase && isWrittenAsName(word, first: openers.contains(word))) {
            guard try store.keywordSearch(mention(of: word), limit: 1).isEmpty else { continue }
            if !(isAcronym(word) && passages.contains { spellsOut(word, in: $0) }) { unknown.append(word) }
        }
        if unknown.isEmpty, let topic = try UnknownTopic.find(in: question, store: store) { unknown.append(topic) }
        return unknown
    }

    /// A word of three letters or more that both vocabularies spell in pieces, and not a function
    /// word, a word about the notes themselves ("tutorial") or an acronym, which notes may spell out.
    private static func isName(_ word: String, vocabulary: WordPieceTokenizer, everyday: BPETokenizer) -> Bool {
        let lowercased = word.lowercased()
        guard word.count >= 3, !word.contains(where: \.isNumber), word.contains(where: \.isLowercase),
            !ContentWords.stopWords.contains(lowercased), !aboutTheNotes.contains(lowercased)
        else { return false }
        // WordPiece adds [CLS] and [SEP]; BPE spells a word inside a sentence with its leading space.
        return vocabulary.encode(word).count - 2 >= 2 && everyday.encode(" " + lowercased).count >= 2
    }

    /// Capitalised and not the first word, or an acronym, and not a word with digits.
    private static func isWrittenAsName(_ word: String, first: Bool) -> Bool {
        guard let initial = word.first, initial.isUppercase, !word.contains(where: \.isNumber) else { return false }
        return isAcronym(word) || (!first && word.dropFirst().contains(where: \.isLowercase) && !ContentWords.stopWords.contains(word.lowercased()))
    }

    private static func isAcronym(_ word: String) -> Bool {
        word.count >= 3 && word.allSatisfy(\.isUppercase)
    }

    /// The keyword query that finds a word in the notes: as the start of a longer word
    /// ("HistGradientBoosting*"), or in its other spelling, which the index's stemmer cuts as it cut
    /// the notes' words ("initialized" for "initialised", a word in pieces in both vocabularies as
    /// British spellings often are).
    private static func mention(of word: String) -> String {
        let prefix = KeywordQuery.fts(word, spellings: false) + "*"
        guard let variant = SpellingVariants.of(word.lowercased()) else { return prefix }
        return prefix + " OR " + KeywordQuery.fts(variant, spellings: false)
    }

    /// Whether `text` has words in a row whose initials are `acronym`'s letters, function words
    /// passed over ("Linear Discriminant Analysis" for LDA, "area under the curve" for AUC).
    static func spellsOut(_ acronym: String, in text: String) -> Bool {
        let initials = Array(acronym.lowercased())
        let words = text.lowercased().split { !$0.isLetter }.filter { !ContentWords.stopWords.contains(String($0)) }
        guard words.count >= initials.count else { return false }
        return (0...(words.count - initials.count)).contains { start in
            zip(words[start..<(start + initials.count)], initials).allSatisfy { $0.first == $1 }
        }
    }

    nonisolated(unsafe) private static let sentenceOpening = /(?:^|[.!?:;]\s+)[^\w]*(?<word>\w+)/

    private static let aboutTheNotes: Set<String> = [
        "tutorial", "tutorials", "handout", "handouts", "slides", "lecture", "lectures", "chapter", "chapters", "section", "sections",
        "textbook", "worksheet", "syllabus", "coursework",
    ]

    /// Words as the keyword index cuts them: runs of letters and digits.
    private static func words(of text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                if !words.contains(word) { words.append(word) }
                word = ""
            }
        }
        return words
    }
}
